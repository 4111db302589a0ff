/**
 * One Cron Worker invocation's work: optionally create the day's run (as of the latest data day), then advance
 * unfinished runs — queued by an admin or left by an earlier invocation — within a wall-time budget, saving each
 * step's cursor in pipeline_runs. Nothing here may import Node-only modules (pg, fs): it runs in workerd.
 */
import { z } from 'zod';
import { createDb, type Db } from '../../db/client';
import { HORIZONS } from '../../db/schema';
import { envSchema } from '../shared/env';
import { createUpstash } from '../shared/upstash';
import { dataFreshness } from '../pipeline/run/as-of';
import { DAILY_STEPS } from '../pipeline/run/daily-steps';
import { publishRunFinished } from '../pipeline/run/publish';
import { advanceRun, type AdvanceOutcome } from '../pipeline/run/runner';
import { findOrCreateRun, unfinishedRuns } from '../pipeline/run/runs';

export const DAILY_CRON = '0 6 * * *';

const cronEnvSchema = envSchema.extend({
  /** Players per chunk: sized so one chunk stays well under 30 s of CPU and 128 MB. */
  PIPELINE_CHUNK_SIZE: z.coerce.number().int().positive().default(300),
  /** Wall time after which an invocation stops starting chunks. */
  PIPELINE_BUDGET_MS: z.coerce.number().int().positive().default(20_000),
  /** "false" delegates model:train to the container/CLI (the full real dataset does not fit a Worker). */
  PIPELINE_TRAIN_IN_WORKER: z.enum(['true', 'false']).default('true'),
});

export interface TickResult {
  created?: string;
  advanced: { runKey: string; outcome: AdvanceOutcome['status'] }[];
}

/** One invocation's work: optionally create today's run, then advance unfinished runs until the budget is spent. */
export async function tick(rawEnv: Record<string, unknown>, o: { createDaily: boolean; now: Date }): Promise<TickResult> {
  const env = cronEnvSchema.parse(rawEnv);
  const db: Db = createDb(env);
  const result: TickResult = { advanced: [] };
  if (o.createDaily) {
    const { asOf } = await dataFreshness(db, o.now);
    result.created = (await findOrCreateRun(db, { asOf, horizons: [...HORIZONS], trigger: 'cron' })).runKey;
  }
  const started = Date.now();
  const redis = createUpstash(env);
  for (const run of await unfinishedRuns(db)) {
    const left = env.PIPELINE_BUDGET_MS - (Date.now() - started);
    if (left <= 0 && result.advanced.length > 0) break;
    const outcome = await advanceRun(db, run, {
      holder: `cron:${crypto.randomUUID()}`,
      trigger: 'cron',
      chunkSize: env.PIPELINE_CHUNK_SIZE,
      trainHere: env.PIPELINE_TRAIN_IN_WORKER === 'true',
      keepWholeDataset: false,
      retryFailed: false,
      budgetMs: Math.max(left, 0),
      steps: DAILY_STEPS,
      onSucceeded: () => publishRunFinished(redis),
    });
    result.advanced.push({ runKey: run.runKey, outcome: outcome.status });
    if (outcome.status === 'failed') console.error(`pipeline run ${run.runKey} failed in ${outcome.step}: ${outcome.error}`);
  }
  return result;
}
