/** The runner's bookkeeping in pipeline_runs: resume from cursors, failures, reruns and leases, on a real database. */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import type { PipelineStep } from '../steps/step';
import { advanceRun, describeError, isTransportError, type AdvanceOptions } from './runner';
import { findOrCreateRun, runIdFor, runKeyFor, unfinishedRuns } from './runs';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('runner');
});

/** A step of `chunks` chunks that logs each chunk it runs, optionally failing once at a given chunk. */
function countingStep(name: string, chunks: number, log: string[], failAt?: { chunk: number; once: boolean }): PipelineStep {
  let failed = false;
  return {
    name,
    describe: name,
    async run(_ctx, raw) {
      const at = (raw as { at: number } | null)?.at ?? 0;
      if (failAt && at === failAt.chunk && !(failAt.once && failed)) {
        failed = true;
        throw new Error(`${name} broke at chunk ${at}`);
      }
      log.push(`${name}#${at}`);
      const done = at + 1 >= chunks;
      return { cursor: { at: at + 1 }, done, counts: { chunks: at + 1 }, rowsRead: at + 1, rowsWritten: at + 1, progress: { done: at + 1, total: chunks } };
    },
  };
}

const options = (steps: PipelineStep[], over: Partial<AdvanceOptions> = {}): AdvanceOptions => ({
  holder: 'test-a',
  trigger: 'test',
  chunkSize: 10,
  trainHere: true,
  keepWholeDataset: true,
  retryFailed: true,
  steps,
  ...over,
});

async function rows(runId: string) {
  const r = await t.db.execute<{ step: string; status: string; error: string | null; rows_written: number; counts: unknown }>(
    sql`SELECT step, status, error, rows_written, counts FROM pipeline_runs WHERE run_id = ${runId}::uuid ORDER BY step`,
  );
  return r.rows;
}

describe('advanceRun', () => {
  it('runs every chunk of every step and records them; a rerun of the same key does nothing', async () => {
    const log: string[] = [];
    const steps = [countingStep('a', 2, log), countingStep('b', 1, log)];
    const run = await findOrCreateRun(t.db, { asOf: '2024-01-01', horizons: [30, 90, 180], trigger: 'test' });
    expect(run.runKey).toBe('daily:2024-01-01:all');
    expect(run.runId).toBe(await runIdFor('daily:2024-01-01:all'));
    expect(await advanceRun(t.db, run, options(steps))).toEqual({ status: 'succeeded' });
    expect(log).toEqual(['a#0', 'a#1', 'b#0']);
    expect(await rows(run.runId)).toEqual([
      { step: 'a', status: 'succeeded', error: null, rows_written: 2, counts: { chunks: 2 } },
      { step: 'b', status: 'succeeded', error: null, rows_written: 1, counts: { chunks: 1 } },
      { step: 'run', status: 'succeeded', error: null, rows_written: 3, counts: { 'a.chunks': 2, 'b.chunks': 1 } },
    ]);
    const again = await findOrCreateRun(t.db, { asOf: '2024-01-01', horizons: [30, 90, 180], trigger: 'test' });
    expect(again.status).toBe('succeeded');
    expect(await advanceRun(t.db, again, options(steps))).toEqual({ status: 'succeeded' });
    expect(log).toHaveLength(3);
    expect(await rows(run.runId)).toHaveLength(3);
  });

  it('pauses after maxChunks and the next invocation continues from the saved cursor', async () => {
    const log: string[] = [];
    const steps = [countingStep('a', 3, log), countingStep('b', 2, log)];
    const run = await findOrCreateRun(t.db, { asOf: '2024-01-02', horizons: [90], trigger: 'test' });
    expect(run.runKey).toBe('daily:2024-01-02:h90');
    expect(await advanceRun(t.db, run, options(steps, { maxChunks: 2 }))).toEqual({ status: 'paused' });
    expect(log).toEqual(['a#0', 'a#1']);
    // The paused run released its lease, so it is up for pick-up at once.
    expect((await unfinishedRuns(t.db)).map((r) => r.runId)).toContain(run.runId);
    expect(await advanceRun(t.db, run, options(steps, { maxChunks: 2, holder: 'test-b' }))).toEqual({ status: 'paused' });
    expect(await advanceRun(t.db, run, options(steps, { maxChunks: 2, holder: 'test-c' }))).toEqual({ status: 'succeeded' });
    expect(log).toEqual(['a#0', 'a#1', 'a#2', 'b#0', 'b#1']);
  });

  it('records a failing step with its error, fails the run, and a rerun resumes at the failed chunk', async () => {
    const log: string[] = [];
    const steps = [countingStep('a', 1, log), countingStep('b', 3, log, { chunk: 1, once: true })];
    const run = await findOrCreateRun(t.db, { asOf: '2024-01-03', horizons: [30], trigger: 'test' });
    expect(await advanceRun(t.db, run, options(steps))).toEqual({ status: 'failed', step: 'b', error: 'b broke at chunk 1' });
    const failed = await rows(run.runId);
    expect(failed.find((r) => r.step === 'b')).toMatchObject({ status: 'failed', error: 'b broke at chunk 1' });
    expect(failed.find((r) => r.step === 'run')).toMatchObject({ status: 'failed', error: 'b: b broke at chunk 1' });
    // Cron pick-up leaves failed runs alone; a CLI rerun (retryFailed) takes them back.
    expect((await unfinishedRuns(t.db)).map((r) => r.runId)).not.toContain(run.runId);
    expect(await advanceRun(t.db, { ...run, status: 'failed' }, options(steps, { retryFailed: false }))).toEqual({ status: 'busy' });
    expect(await advanceRun(t.db, { ...run, status: 'failed' }, options(steps))).toEqual({ status: 'succeeded' });
    expect(log).toEqual(['a#0', 'b#0', 'b#1', 'b#2']);
  });

  it('refuses a run another live holder has leased', async () => {
    const log: string[] = [];
    const slow: PipelineStep = {
      name: 'slow',
      describe: 'slow',
      async run() {
        log.push('slow');
        const other = await advanceRun(t.db, run, options([countingStep('x', 1, log)], { holder: 'intruder' }));
        expect(other).toEqual({ status: 'busy' });
        return { cursor: null, done: true, counts: {}, rowsRead: 0, rowsWritten: 0 };
      },
    };
    const run = await findOrCreateRun(t.db, { asOf: '2024-01-04', horizons: [180], trigger: 'test' });
    expect(await advanceRun(t.db, run, options([slow]))).toEqual({ status: 'succeeded' });
    expect(log).toEqual(['slow']);
  });

  it('picks up a run an admin queued (umbrella row only, pending, random run id)', async () => {
    await t.db.execute(sql`INSERT INTO pipeline_runs (run_id, run_key, step, status, trigger, as_of)
      VALUES (gen_random_uuid(), 'daily:2024-02-01:all', 'run', 'pending', 'admin', '2024-02-01T00:00:00Z')`);
    const queued = (await unfinishedRuns(t.db)).find((r) => r.runKey === 'daily:2024-02-01:all')!;
    expect(queued).toMatchObject({ asOf: '2024-02-01', horizons: [30, 90, 180], trigger: 'admin', status: 'pending' });
    const log: string[] = [];
    expect(await advanceRun(t.db, queued, options([countingStep('a', 1, log)], { retryFailed: false }))).toEqual({ status: 'succeeded' });
    expect(log).toEqual(['a#0']);
    // The CLI finds the same run by its key instead of creating a second one.
    expect((await findOrCreateRun(t.db, { asOf: '2024-02-01', horizons: [30, 90, 180], trigger: 'cli' })).runId).toBe(queued.runId);
  });
});

it('names run keys after the day and horizons', () => {
  expect(runKeyFor('2024-12-12', [30, 90, 180])).toBe('daily:2024-12-12:all');
  expect(runKeyFor('2024-12-12', [90])).toBe('daily:2024-12-12:h90');
});

it('describes a failed query by the database message and the start of the statement, not its parameters', () => {
  const failed = new Error('Failed query: INSERT INTO x\n  SELECT 1\nparams: ' + 'y'.repeat(100_000), { cause: new Error('disk full') });
  expect(describeError(failed)).toBe('disk full (in: INSERT INTO x SELECT 1)');
  expect(describeError(new Error('plain'))).toBe('plain');
  expect(describeError('text')).toBe('text');
});

it('retries a chunk once after a dropped connection, and only then', async () => {
  const run = await findOrCreateRun(t.db, { asOf: '2024-03-01', horizons: [30, 90, 180], trigger: 'test' });
  let calls = 0;
  const flaky = (failures: number, error: () => Error): PipelineStep => ({
    name: 'flaky',
    describe: 'flaky',
    async run() {
      calls++;
      if (calls <= failures) throw error();
      return { cursor: null, done: true, counts: {}, rowsRead: 0, rowsWritten: 0 };
    },
  });
  const dropped = () => new Error('Error connecting to database: TypeError: fetch failed', { cause: new Error('fetch failed') });
  expect(await advanceRun(t.db, run, options([flaky(1, dropped)]))).toEqual({ status: 'succeeded' });
  expect(calls).toBe(2);

  calls = 0;
  const twice = await findOrCreateRun(t.db, { asOf: '2024-03-02', horizons: [30, 90, 180], trigger: 'test' });
  expect((await advanceRun(t.db, twice, options([flaky(2, dropped)]))).status).toBe('failed');
  calls = 0;
  const sqlError = await findOrCreateRun(t.db, { asOf: '2024-03-03', horizons: [30, 90, 180], trigger: 'test' });
  expect(await advanceRun(t.db, sqlError, options([flaky(1, () => new Error('duplicate key'))]))).toEqual({ status: 'failed', step: 'flaky', error: 'duplicate key' });
  expect(calls).toBe(1);
  expect(isTransportError(new Error('x', { cause: new Error('read ECONNRESET') }))).toBe(true);
});
