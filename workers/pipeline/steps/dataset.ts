/**
 * The point-in-time dataset a step works on. The loader itself refuses data dated after T (LeakError), which fails
 * the step and the run. The CLI loads the whole population once and keeps it for every chunk of the run; a Worker
 * invocation loads only the chunk's players to stay inside 128 MB (population aggregates such as squad value then
 * come from the chunk only: see docs/pipeline.md).
 */
import { loadDataset } from '../model/dataset';
import type { Dataset } from '../model/types';
import { asOfInstant } from '../run/as-of';
import type { StepContext } from './step';

export async function wholeDataset(ctx: StepContext): Promise<Dataset> {
  const key = `dataset:${ctx.asOf}`;
  const kept = ctx.memo.get(key) as Dataset | undefined;
  if (kept) return kept;
  const at = asOfInstant(ctx.asOf);
  const ds = await loadDataset(ctx.db, at);
  if (ctx.keepWholeDataset) ctx.memo.set(key, ds);
  return ds;
}

export async function datasetFor(ctx: StepContext, playerIds: string[]): Promise<Dataset> {
  if (ctx.keepWholeDataset) return wholeDataset(ctx);
  return loadDataset(ctx.db, asOfInstant(ctx.asOf), { playerIds });
}
