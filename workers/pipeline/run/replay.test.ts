/**
 * `replay` end to end through the real CLI, on the fixture data, over the Neon HTTP path: each replay day is a
 * recorded daily run, its matured snapshots are scored as 'backtest' (never 'live'), a second replay adds nothing,
 * and a replayed day's snapshots are the ones a database holding nothing after that day publishes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { FIXTURE_DATASET_DIR } from '../../../db/seed';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { pipelineCli } from '../../../test/helpers/pipeline-cli';
import { cutDataset } from '../ingest/cut-dataset';
import { ingestReal } from '../ingest/ingest';
import { dataFreshness } from './as-of';
import { replayDates } from './replay';

const FROM = '2024-05-01';
const TO = '2024-06-01';

describe('replay days', () => {
  it('are the 1st of each month, or each Monday, within the range, oldest first', () => {
    expect(replayDates('2024-05-01', '2024-07-01', 'month')).toEqual(['2024-05-01', '2024-06-01', '2024-07-01']);
    expect(replayDates('2024-05-02', '2024-07-31', 'month')).toEqual(['2024-06-01', '2024-07-01']);
    expect(replayDates('2024-12-15', '2025-01-01', 'month')).toEqual(['2025-01-01']);
    // 2024-05-06 and 2024-05-13 are Mondays.
    expect(replayDates('2024-05-01', '2024-05-13', 'week')).toEqual(['2024-05-06', '2024-05-13']);
    expect(replayDates('2024-05-06', '2024-05-12', 'week')).toEqual(['2024-05-06']);
    expect(replayDates('2024-05-02', '2024-05-31', 'month')).toEqual([]);
  });
});

describe('replay', () => {
  let t: TestDb;
  const cli = (args: string[]) => pipelineCli(t, args);
  const TABLES = ['feature_snapshots', 'candidate_sets', 'model_versions', 'prediction_snapshots', 'model_evaluations', 'pipeline_runs'];
  const counts = async () =>
    Object.fromEntries(await Promise.all(TABLES.map(async (n) => [n, Number((await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(n)}`)).rows[0]!.n)] as const)));
  let first: Awaited<ReturnType<typeof counts>>;

  beforeAll(async () => {
    t = await createTestDb('replay');
    await ingestReal(t.db, { dir: FIXTURE_DATASET_DIR });
  }, 300_000);

  it('runs the daily pipeline as of each day and scores the matured snapshots as backtest, not live', async () => {
    const r = await cli(['replay', '--from', FROM, '--to', TO]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/replay 1\/2: as of 2024-05-01[\s\S]*replay 2\/2: as of 2024-06-01/);
    const { rows: runs } = await t.db.execute<{ run_key: string; status: string }>(sql`
      SELECT run_key, status FROM pipeline_runs WHERE step = 'run' ORDER BY run_key`);
    expect(runs).toEqual([{ run_key: 'daily:2024-05-01:all', status: 'succeeded' }, { run_key: 'daily:2024-06-01:all', status: 'succeeded' }]);
    const { rows } = await t.db.execute<{ evaluation_type: string; evaluation_name: string; horizon_days: number; total_predictions: number; censored: number }>(sql`
      SELECT evaluation_type, evaluation_name, horizon_days, sum(total_predictions)::int AS total_predictions, sum((details->>'censored')::int)::int AS censored
      FROM model_evaluations WHERE evaluation_type <> 'holdout' GROUP BY 1, 2, 3 ORDER BY 2, 3, 1`);
    // The fixture's data reaches past 1 December 2024, so every window of both days (180 days at most) has ended.
    expect((await dataFreshness(t.db, new Date())).asOf > '2024-11-28').toBe(true);
    expect(rows.map((e) => [e.evaluation_type, e.evaluation_name, e.horizon_days])).toEqual(
      ['2024-05', '2024-06'].flatMap((m) => [30, 90, 180].map((h) => ['backtest', m, h])),
    );
    const { rows: published } = await t.db.execute<{ month: string; horizon_days: number; n: number }>(sql`
      SELECT to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM') AS month, horizon_days, count(*)::int AS n
      FROM prediction_snapshots WHERE to_club_id IS NULL GROUP BY 1, 2 ORDER BY 1, 2`);
    // Every "any move" snapshot was scored once, or counted as censored: the fixture's players whose last covered
    // season was 2023/24 are not followed through the summer, so some longer windows have no known outcome.
    expect(rows.map((e) => e.total_predictions + e.censored)).toEqual(published.map((p) => p.n));
    expect(rows.find((e) => e.evaluation_name === '2024-06' && e.horizon_days === 90)!.censored).toBeGreaterThan(0);
    expect(rows.find((e) => e.evaluation_name === '2024-05' && e.horizon_days === 30)!.censored).toBe(0);
    first = await counts();
  }, 600_000);

  it('adds nothing when replayed again', async () => {
    const r = await cli(['replay', '--from', FROM, '--to', TO]);
    expect(r.code, r.out).toBe(0);
    expect(r.out.match(/already succeeded; skipped/g)).toHaveLength(2);
    expect(await counts()).toEqual(first);
  }, 300_000);

  it('publishes for a replayed day exactly what a database holding nothing after that day publishes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-replay-cut-'));
    const cut = await createTestDb('replaycut');
    try {
      cutDataset(FIXTURE_DATASET_DIR, FROM, dir);
      await ingestReal(cut.db, { dir });
      const r = await pipelineCli(cut, ['daily:run', '--as-of', FROM]);
      expect(r.code, r.out).toBe(0);
      const snapshots = async (db: TestDb) =>
        (await db.db.execute<{ snapshot_id: string; probability: number; drivers_json: unknown }>(sql`
          SELECT snapshot_id, probability, drivers_json FROM prediction_snapshots
          WHERE as_of = ${`${FROM}T00:00:00Z`}::timestamptz ORDER BY snapshot_id`)).rows;
      const replayed = await snapshots(t);
      expect(replayed.length).toBeGreaterThan(0);
      expect(replayed).toEqual(await snapshots(cut));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it('refuses days after the data and bad options with exit code 2', async () => {
    const last = (await dataFreshness(t.db, new Date())).asOf;
    const after = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000 * 40).toISOString().slice(0, 10);
    const late = await cli(['replay', '--from', FROM, '--to', after]);
    expect(late.code).toBe(2);
    expect(late.out).toContain(`after the data's last day (${last})`);
    expect((await cli(['replay', '--from', TO, '--to', FROM])).code).toBe(2);
    expect((await cli(['replay', '--from', FROM, '--to', TO, '--every', 'year'])).code).toBe(2);
    expect((await cli(['replay', '--to', TO])).code).toBe(2);
    expect((await cli(['replay', '--from', '2024-02-30', '--to', TO])).code).toBe(2);
    expect(await counts()).toEqual(first);
  }, 120_000);
});
