/**
 * Runs the daily pipeline's steps for one run, chunk by chunk, recording each step in pipeline_runs.
 * Succeeded steps are skipped and unfinished ones resume from their saved cursor, so a rerun after a crash or a
 * Worker invocation that ran out of budget continues where the last one stopped, without duplicates.
 */
import type { Db } from '../../../db/client';
import type { StepContext, PipelineStep } from '../steps/step';
import {
  LEASE_SECONDS,
  claimRun,
  failStep,
  renewLease,
  saveChunk,
  startStep,
  stepRows,
  succeedRun,
  type Run,
} from './runs';

export interface AdvanceOptions {
  holder: string;
  trigger: string;
  chunkSize: number;
  trainHere: boolean;
  keepWholeDataset: boolean;
  /** Take a failed run back (CLI reruns) instead of leaving it failed (Cron pick-up). */
  retryFailed: boolean;
  /** Stop starting new chunks after this much wall time (Worker invocations; one chunk always runs). */
  budgetMs?: number;
  /** Stop after this many chunks (a second bound for Worker invocations). */
  maxChunks?: number;
  /** The steps, in order (DAILY_STEPS for the daily run). */
  steps: PipelineStep[];
  onChunk?: (step: string, progress: { done: number; total: number } | undefined) => void;
  onStep?: (step: string, status: string, counts: Record<string, number>) => void;
  /** Called once when the run succeeds (e.g. to invalidate API caches). */
  onSucceeded?: () => Promise<void>;
}

export type AdvanceOutcome =
  | { status: 'succeeded' | 'paused' }
  | { status: 'busy' }
  | { status: 'failed'; step: string; error: string };

export async function advanceRun(db: Db, run: Run, o: AdvanceOptions): Promise<AdvanceOutcome> {
  if (run.status === 'succeeded') return { status: 'succeeded' };
  if (!(await claimRun(db, run.runId, o.holder, o.retryFailed))) return { status: 'busy' };
  const started = Date.now();
  let chunks = 0;
  // Keep the lease while a long chunk (training) runs; a killed holder's lease lapses within LEASE_SECONDS.
  const keepAlive = setInterval(() => void renewLease(db, run.runId, o.holder).catch(() => undefined), (LEASE_SECONDS * 1000) / 3);
  try {
    const ctx: StepContext = {
      db,
      asOf: run.asOf,
      horizons: run.horizons,
      runId: run.runId,
      chunkSize: o.chunkSize,
      trainHere: o.trainHere,
      memo: new Map(),
      keepWholeDataset: o.keepWholeDataset,
    };
    const rows = await stepRows(db, run.runId);
    const summary: Record<string, number> = {};
    let written = 0;
    for (const step of o.steps) {
      const row = rows.get(step.name);
      if (row && (row.status === 'succeeded' || row.status === 'skipped')) {
        written += row.rowsWritten;
        Object.assign(summary, prefixed(step.name, row.counts ?? {}));
        continue;
      }
      await startStep(db, run, step.name, o.trigger);
      let cursor: unknown = row?.cursor ?? null;
      for (;;) {
        // At least one chunk per invocation, so a slow start can never starve a run of progress.
        const spent = (o.budgetMs !== undefined && Date.now() - started > o.budgetMs) || (o.maxChunks !== undefined && chunks >= o.maxChunks);
        if (chunks > 0 && spent) {
          await renewLease(db, run.runId, o.holder, true);
          return { status: 'paused' };
        }
        const t0 = Date.now();
        chunks++;
        let chunk;
        try {
          chunk = await withTransportRetry(() => step.run(ctx, cursor));
        } catch (e) {
          const error = describeError(e);
          await failStep(db, run.runId, step.name, error, Date.now() - t0);
          o.onStep?.(step.name, 'failed', {});
          return { status: 'failed', step: step.name, error };
        }
        const status = !chunk.done ? 'running' : chunk.skipped ? 'skipped' : 'succeeded';
        await saveChunk(db, run.runId, step.name, { cursor: chunk.cursor, counts: chunk.counts, rowsRead: chunk.rowsRead, rowsWritten: chunk.rowsWritten, ms: Date.now() - t0, status });
        o.onChunk?.(step.name, chunk.progress);
        if (!(await renewLease(db, run.runId, o.holder))) return { status: 'busy' };
        cursor = chunk.cursor;
        if (chunk.done) {
          written += chunk.rowsWritten;
          Object.assign(summary, prefixed(step.name, chunk.counts));
          o.onStep?.(step.name, status, chunk.counts);
          break;
        }
      }
    }
    await succeedRun(db, run.runId, summary, written);
    await o.onSucceeded?.();
    return { status: 'succeeded' };
  } finally {
    clearInterval(keepAlive);
  }
}

/** A dropped HTTP connection (a stale keep-alive socket after a long CPU-bound stretch), not a database error. */
export function isTransportError(e: unknown): boolean {
  for (let c: unknown = e; c instanceof Error; c = c.cause) {
    if (/fetch failed|ECONNRESET|socket hang up|other side closed/i.test(c.message)) return true;
  }
  return false;
}

/** Chunks are idempotent, so one lost connection is retried once instead of failing the run. */
async function withTransportRetry<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!isTransportError(e)) throw e;
    await new Promise((r) => setTimeout(r, 250));
    return work();
  }
}

/**
 * A step's error as stored and shown: the database's own message first (a failed query's Error carries the whole
 * statement and its parameters, megabytes for a bulk insert), then the start of the statement, capped.
 */
export function describeError(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  if (!(err.cause instanceof Error)) return err.message.slice(0, 2000);
  const statement = err.message.replace(/^Failed query: /, '').split('\nparams:')[0]!.replace(/\s+/g, ' ').trim();
  return `${err.cause.message} (in: ${statement.slice(0, 200)})`.slice(0, 2000);
}

const prefixed = (step: string, counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${step}.${k}`, v]));
