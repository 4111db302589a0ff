/**
 * The point-in-time dataset a step works on. The loader itself refuses data dated after T (LeakError), which fails
 * the step and the run. The CLI loads the whole population once and keeps it for every chunk and step of the run; a
 * Worker invocation loads a chunk's players with their full history plus the population context their features and
 * destinations need (the model's loader, `playerIds`), so both give the same numbers within 128 MB.
 */
import { loadDataset } from '../model/dataset';
import type { Dataset } from '../model/types';
import { asOfInstant } from '../run/as-of';
import type { StepContext } from './step';

export async function wholeDataset(ctx: StepContext): Promise<Dataset> {
  const key = `dataset:${ctx.asOf}`;
  const kept = ctx.memo.get(key) as Dataset | undefined;
  if (kept) return kept;
  const ds = await loadDataset(ctx.db, asOfInstant(ctx.asOf));
  if (ctx.keepWholeDataset) ctx.memo.set(key, ds);
  return ds;
}

export async function datasetFor(ctx: StepContext, playerIds: string[]): Promise<Dataset> {
  if (ctx.keepWholeDataset) return wholeDataset(ctx);
  return loadDataset(ctx.db, asOfInstant(ctx.asOf), { playerIds });
}
