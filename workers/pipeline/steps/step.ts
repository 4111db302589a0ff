/**
 * What a pipeline step is: a function that does one chunk of work from a cursor and says where to continue.
 * The runner (run/runner.ts) persists the cursor in pipeline_runs after each chunk, so the Node CLI (large
 * chunks, one process) and the Cron Worker (small chunks across invocations) run the same code. Every chunk's
 * writes are idempotent, so a chunk redone after a crash adds nothing.
 */
import type { Db } from '../../../db/client';
import type { Horizon } from '../../../db/schema';

export interface StepContext {
  db: Db;
  /** The run's day T (YYYY-MM-DD). */
  asOf: string;
  horizons: Horizon[];
  runId?: string;
  /** Players per chunk for the per-player steps. */
  chunkSize: number;
  /** Whether model:train runs here (false in the Cron Worker on the full dataset: see docs/pipeline.md). */
  trainHere: boolean;
  /** Per-process memo: lets the CLI load a dataset once for all chunks while a Worker loads per chunk. */
  memo: Map<string, unknown>;
  /** Whether memoised whole-population data may be kept across chunks (true in the CLI). */
  keepWholeDataset: boolean;
}

export interface ChunkResult {
  /** Where the next chunk starts; ignored when done. */
  cursor: unknown;
  done: boolean;
  /** Totals so far for the step (the runner stores them as given). */
  counts: Record<string, number>;
  rowsRead: number;
  rowsWritten: number;
  progress?: { done: number; total: number };
  /** Set when the step decided not to run (the reason is in counts or the log). */
  skipped?: boolean;
}

export interface PipelineStep {
  name: string;
  describe: string;
  run(ctx: StepContext, cursor: unknown): Promise<ChunkResult>;
}

/** Adds a chunk's counts to the running totals stored in the cursor. */
export function addCounts(a: Record<string, number> | undefined, b: Record<string, number>) {
  const out = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}
