/**
 * The Fly container's entrypoint, run with the exact command line of the Dockerfile's CMD (docker itself cannot run
 * here): the scheduler's health endpoint and shutdown, and `--once` runs of the pipeline CLI against a test database
 * loaded with the fixture subset of the real data.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DATASET_DIR } from '../../db/seed';
import { createTestDb } from '../../test/helpers/db';
import { ingestReal } from '../pipeline/ingest/ingest';
import { freePort } from '../dev/ports';
import { DEFAULT_ARGS, nextRun, parseDailySchedule, pipelineArgs } from './pipeline-container';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Dockerfile: CMD ["node", "--import", "tsx", "workers/ops/pipeline-container.ts"] */
const CMD = ['--import', 'tsx', 'workers/ops/pipeline-container.ts'];

function runContainer(extraArgs: string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [...CMD, ...extraArgs], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

const events = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });

describe('schedule', () => {
  it('runs daily at 06:00 UTC, the next one strictly after now', () => {
    expect(nextRun(new Date('2026-03-31T05:59:59Z'), '0 6 * * *').toISOString()).toBe('2026-03-31T06:00:00.000Z');
    expect(nextRun(new Date('2026-03-31T06:00:00Z'), '0 6 * * *').toISOString()).toBe('2026-04-01T06:00:00.000Z');
    expect(nextRun(new Date('2026-12-31T23:00:00Z'), '30 4 * * *').toISOString()).toBe('2027-01-01T04:30:00.000Z');
  });
  it('refuses schedules that are not daily', () => {
    expect(() => parseDailySchedule('*/5 * * * *')).toThrow(/PIPELINE_SCHEDULE must be a daily cron "M H \* \* \*" \(UTC\), got "\*\/5 \* \* \* \*"/);
    expect(() => parseDailySchedule('0 24 * * *')).toThrow(/daily cron/);
  });
  it('runs daily:run --horizon 90 unless PIPELINE_ARGS says otherwise', () => {
    expect(pipelineArgs({})).toEqual(['daily:run', '--horizon', '90']);
    expect(pipelineArgs({ PIPELINE_ARGS: ' runs:continue ' })).toEqual(['runs:continue']);
    expect(DEFAULT_ARGS).toEqual(['daily:run', '--horizon', '90']);
  });
});

describe('container process', () => {
  it('refuses to start without DATABASE_URL', async () => {
    const c = runContainer(['--once'], {});
    expect(await c.exited).toBe(2);
    expect(events(c.out())).toEqual([expect.objectContaining({ event: 'config_error', level: 'error', error: expect.stringMatching(/DATABASE_URL is not set/) })]);
  });

  it('serves /health with the next run and stops on SIGTERM', async () => {
    const port = await freePort();
    const c = runContainer([], { DATABASE_URL: 'postgresql://u@127.0.0.1/unused', PORT: String(port) });
    let health: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !health; i++) {
      health = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json() as Promise<Record<string, unknown>>, () => undefined);
      if (!health) await new Promise((r) => setTimeout(r, 200));
    }
    expect(health).toMatchObject({ status: 'ok', schedule: '0 6 * * *', args: ['daily:run', '--horizon', '90'], running: false, last_run: null });
    expect(health!.next_run).toMatch(/T06:00:00\.000Z$/);
    c.child.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    expect(events(c.out()).map((e) => e.event)).toEqual(['started', 'scheduled', 'stopping']);
  }, 30_000);

  it('--once runs the pipeline CLI (daily:run --horizon 90) on the fixture data and exits 0 when the run succeeds', async () => {
    const t = await createTestDb('container');
    await ingestReal(t.db, { dir: FIXTURE_DATASET_DIR });
    const c = runContainer(['--once'], { ...t.env });
    const code = await c.exited;
    const runs = await t.db.execute<{ run_key: string; status: string }>(sql`SELECT run_key, status FROM pipeline_runs WHERE step = 'run'`);
    // The CLI ran with the container's arguments: one 90-day daily run, succeeded, and the container says so.
    expect(runs.rows, c.err()).toEqual([{ run_key: expect.stringMatching(/^daily:\d{4}-\d{2}-\d{2}:h90$/), status: 'succeeded' }]);
    expect(code).toBe(0);
    const ev = events(c.out());
    expect(ev[0]).toMatchObject({ event: 'run_started', args: ['daily:run', '--horizon', '90'] });
    expect(ev.at(-1)).toMatchObject({ event: 'run_succeeded', exitCode: 0 });
    const snapshots = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM prediction_snapshots WHERE horizon_days = 90`);
    expect(snapshots.rows[0]!.n).toBeGreaterThan(0);
  }, 180_000);

  it('--once exits with the CLI\'s failure code when the run fails', async () => {
    const c = runContainer(['--once'], { DATABASE_URL: 'postgresql://u@127.0.0.1/nowhere', NEON_FETCH_ENDPOINT: 'http://127.0.0.1:9/sql' });
    const code = await c.exited;
    expect(code).not.toBe(0);
    expect(events(c.out()).at(-1)).toMatchObject({ event: 'run_failed', level: 'error', exitCode: code });
  }, 60_000);
});
