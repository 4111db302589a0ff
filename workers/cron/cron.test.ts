/**
 * The Cron Trigger Worker in workerd (Miniflare), over a real database through the Neon HTTP endpoint: scheduled
 * invocations, each bounded by a small budget and chunk size, carry the day's run to completion across invocations.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../test/helpers/db';
import { ingestReal } from '../pipeline/ingest/ingest';
import { bundleWorker, runBundle, type BundledWorker } from '../../test/helpers/workerd';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let t: TestDb;
let bundled: BundledWorker;

beforeAll(async () => {
  const outdir = await bundleWorker('workers/cron/wrangler.toml');
  t = await createTestDb('cron');
  await ingestReal(t.db, { dir: join(ROOT, 'db/seed/fixture') });
  // A 1 ms budget: each invocation runs exactly one chunk, so the run must continue across many invocations.
  bundled = runBundle(outdir, { ...t.env, PIPELINE_CHUNK_SIZE: '100', PIPELINE_BUDGET_MS: '1' });
}, 300_000);

afterAll(async () => {
  await bundled?.dispose();
});

it('runs the daily pipeline in workerd across scheduled invocations until pipeline_runs says succeeded', async () => {
  const worker = await bundled.mf.getWorker();
  const status = async () =>
    (await t.db.execute<{ run_key: string; status: string; error: string | null }>(sql`SELECT run_key, status, error FROM pipeline_runs WHERE step = 'run' AND run_key LIKE 'daily:%'`)).rows;

  expect((await worker.scheduled({ cron: '0 6 * * *', scheduledTime: new Date('2024-12-20T06:00:00Z') })).outcome).toBe('ok');
  // Data ends 2024-12-12 in this dataset: the run is as of the data's last day, not the clock's.
  const [created] = await status();
  expect(created?.run_key).toBe('daily:2024-12-12:all');

  let invocations = 1;
  while ((await status())[0]?.status !== 'succeeded' && invocations < 100) {
    const r = await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: new Date() });
    expect(r.outcome).toBe('ok');
    const [run] = await status();
    expect(run?.status, run?.error ?? '').not.toBe('failed');
    invocations++;
  }
  expect((await status())[0]?.status).toBe('succeeded');
  expect(invocations).toBeGreaterThan(10);

  const { rows: steps } = await t.db.execute<{ step: string; status: string }>(sql`SELECT step, status FROM pipeline_runs WHERE run_key = 'daily:2024-12-12:all' AND step <> 'run'`);
  expect(steps).toHaveLength(6);
  expect(steps.every((s) => s.status === 'succeeded')).toBe(true);

  // Coherence of what was published (all snapshots of this run share as_of).
  const { rows } = await t.db.execute<{ players: number; not_monotone: number; over: number }>(sql`
    WITH m AS (
      SELECT player_id, max(probability) FILTER (WHERE horizon_days = 30) AS p30, max(probability) FILTER (WHERE horizon_days = 90) AS p90,
             max(probability) FILTER (WHERE horizon_days = 180) AS p180
      FROM prediction_snapshots WHERE to_club_id IS NULL GROUP BY player_id
    ), d AS (
      SELECT player_id, horizon_days, sum(probability) AS s FROM prediction_snapshots WHERE to_club_id IS NOT NULL GROUP BY player_id, horizon_days
    )
    SELECT (SELECT count(*)::int FROM m) AS players,
           (SELECT count(*)::int FROM m WHERE p30 > p90 OR p90 > p180) AS not_monotone,
           (SELECT count(*)::int FROM d JOIN prediction_snapshots a ON a.player_id = d.player_id AND a.horizon_days = d.horizon_days AND a.to_club_id IS NULL
             WHERE d.s > a.probability + 1e-9) AS over`);
  expect(rows[0]!.players).toBeGreaterThan(0);
  expect(rows[0]).toMatchObject({ not_monotone: 0, over: 0 });
}, 600_000);

it('continues a run an admin queued, woken through POST /runs/continue, and answers 404 to anything else', async () => {
  await t.db.execute(sql`INSERT INTO pipeline_runs (run_id, run_key, step, status, trigger, as_of, cursor)
    VALUES (gen_random_uuid(), 'daily:2024-11-01:h90', 'run', 'pending', 'admin', '2024-11-01T00:00:00Z', '{"horizons":[90]}')`);
  expect((await bundled.mf.dispatchFetch('http://cron/anything')).status).toBe(404);
  const woken = await bundled.mf.dispatchFetch('http://cron/runs/continue', { method: 'POST' });
  expect(woken.status).toBe(202);
  const worker = await bundled.mf.getWorker();
  const status = async () =>
    (await t.db.execute<{ status: string; error: string | null }>(sql`SELECT status, error FROM pipeline_runs WHERE run_key = 'daily:2024-11-01:h90' AND step = 'run'`)).rows[0];
  for (let i = 0; i < 100 && (await status())?.status !== 'succeeded'; i++) {
    expect((await status())?.status).not.toBe('failed');
    expect((await worker.scheduled({ cron: '30 * * * *', scheduledTime: new Date() })).outcome).toBe('ok');
  }
  expect(await status()).toEqual({ status: 'succeeded', error: null });
  const { rows } = await t.db.execute<{ horizons: number[] }>(sql`
    SELECT array_agg(DISTINCT horizon_days) AS horizons FROM prediction_snapshots WHERE as_of = '2024-11-01T00:00:00Z'`);
  expect(rows[0]!.horizons).toEqual([90]);
}, 600_000);
