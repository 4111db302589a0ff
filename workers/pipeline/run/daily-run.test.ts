/**
 * `daily:run` end to end through the real CLI, on real (fixture) data, over the Neon HTTP path: coherent snapshots,
 * idempotent reruns, unchanged snapshots not rewritten, a killed run completed by a rerun, a failing step recorded
 * with its error and a non-zero exit, and the export's columns.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { pipelineCli } from '../../../test/helpers/pipeline-cli';
import { ingestReal } from '../ingest/ingest';
import { coherenceProblems, type Publishable } from '../steps/coherence';

const T = '2024-06-01';
const FIXTURE = fileURLToPath(new URL('../../../db/seed/fixture', import.meta.url));

let t: TestDb;

const cli = (args: string[], o: { killWhen?: RegExp } = {}) => pipelineCli(t, args, o);

const count = async (table: string) => Number((await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`)).rows[0]!.n);
const TABLES = ['signal_events', 'feature_snapshots', 'candidate_sets', 'model_versions', 'prediction_snapshots', 'model_evaluations', 'pipeline_runs'];
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (n) => [n, await count(n)] as const)));

async function runSteps(runKey: string) {
  const { rows } = await t.db.execute<{ step: string; status: string; error: string | null }>(sql`
    SELECT step, status, error FROM pipeline_runs WHERE run_key = ${runKey} ORDER BY step <> 'run', step`);
  return rows;
}

/** The latest snapshot per (player, destination, horizon) as of a day, grouped per player as the coherence gate sees them. */
async function latestPerPlayer(day: string) {
  const { rows } = await t.db.execute<{ player_id: string; to_club_id: string | null; horizon_days: 30 | 90 | 180; probability: number }>(sql`
    SELECT DISTINCT ON (player_id, to_club_id, horizon_days) player_id, to_club_id, horizon_days, probability
    FROM prediction_snapshots WHERE as_of <= ${`${day}T00:00:00Z`}::timestamptz
    ORDER BY player_id, to_club_id, horizon_days, as_of DESC`);
  const players = new Map<string, Publishable>();
  for (const r of rows) {
    const p = players.get(r.player_id) ?? { move: { 30: 0, 90: 0, 180: 0 }, destinations: [] };
    players.set(r.player_id, p);
    if (r.to_club_id === null) p.move[r.horizon_days] = Number(r.probability);
    else {
      let d = p.destinations.find((x) => x.clubId === r.to_club_id);
      if (!d) p.destinations.push((d = { clubId: r.to_club_id, p: { 30: 0, 90: 0, 180: 0 } }));
      d.p[r.horizon_days] = Number(r.probability);
    }
  }
  return players;
}

beforeAll(async () => {
  t = await createTestDb('dailyrun');
  await ingestReal(t.db, { dir: FIXTURE });
}, 300_000);

describe('daily:run', () => {
  let first: Awaited<ReturnType<typeof counts>>;

  it('runs every step, records each as succeeded, and publishes coherent snapshots with readable drivers', async () => {
    const r = await cli(['daily:run', '--as-of', T]);
    expect(r.code, r.out).toBe(0);
    const steps = await runSteps(`daily:${T}:all`);
    expect(steps.map((s) => [s.step, s.status])).toEqual([
      ['run', 'succeeded'],
      ['candidates:generate', 'succeeded'],
      ['evaluate', 'succeeded'],
      ['features:build', 'succeeded'],
      ['model:train', 'succeeded'],
      ['predict:run', 'succeeded'],
      ['signals:derive', 'succeeded'],
    ]);
    first = await counts();
    expect(first.prediction_snapshots).toBeGreaterThan(0);
    const players = await latestPerPlayer(T);
    expect(players.size).toBe(first.feature_snapshots);
    for (const [id, p] of players) expect(coherenceProblems(p), id).toEqual([]);
    // Exactly one model is deployed (the trained one, or the base rate on a cold start) and it made every snapshot.
    const { rows: deployed } = await t.db.execute<{ model_name: string; model_version: string }>(sql`SELECT model_name, model_version FROM model_versions WHERE status = 'deployed'`);
    expect(deployed).toHaveLength(1);
    const { rows: used } = await t.db.execute<{ model_version: string }>(sql`SELECT DISTINCT model_version FROM prediction_snapshots`);
    expect(used).toEqual([{ model_version: deployed[0]!.model_version }]);
    const { rows } = await t.db.execute<{ drivers_json: { feature: string; label: string; contribution: number }[] }>(sql`
      SELECT drivers_json FROM prediction_snapshots WHERE to_club_id IS NULL`);
    // Each registered model carries its held-out scores per horizon in the track record.
    const { rows: holdout } = await t.db.execute<{ model_version: string; horizon_days: number; total_predictions: number; brier_score: number }>(sql`
      SELECT mv.model_version, me.horizon_days, me.total_predictions, me.brier_score FROM model_evaluations me
      JOIN model_versions mv ON mv.id = me.model_version_id WHERE me.evaluation_type = 'holdout' ORDER BY 1, 2`);
    expect(holdout.filter((h) => h.model_version === deployed[0]!.model_version).map((h) => h.horizon_days)).toEqual([30, 90, 180]);
    for (const h of holdout) {
      expect(h.total_predictions).toBeGreaterThan(0);
      expect(Number(h.brier_score)).toBeGreaterThan(0);
      expect(Number(h.brier_score)).toBeLessThan(1);
    }
    if (deployed[0]!.model_name === 'transferlens-gbm') expect(rows.some((r) => r.drivers_json.length > 0)).toBe(true);
    for (const r of rows) for (const d of r.drivers_json) expect(d.label).toMatch(/\S/);
    // A loan made permanent: his own club is published as a destination only where the candidates marked it so, and
    // from 1 June (when many loans end) the trained share makes it one for some players.
    const { rows: own } = await t.db.execute<{ n: number; marked: number; share: number | null }>(sql`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE c.candidates_json @> jsonb_build_array(jsonb_build_object('club_id', s.to_club_id::text, 'sources', jsonb_build_array('permanent_deal'))))::int AS marked,
             (SELECT (artifact->'destination'->>'permanentShare')::float FROM model_versions WHERE status = 'deployed') AS share
      FROM prediction_snapshots s JOIN candidate_sets c ON c.player_id = s.player_id AND c.from_club_id = s.to_club_id`);
    expect(own[0]!.marked).toBe(own[0]!.n);
    if (deployed[0]!.model_name === 'transferlens-gbm') {
      expect(own[0]!.share).toBeGreaterThan(0.1);
      expect(own[0]!.n).toBeGreaterThan(0);
    }
  }, 300_000);

  it('adds nothing when the same day is run again', async () => {
    const r = await cli(['daily:run', '--as-of', T]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/already succeeded/);
    expect(await counts()).toEqual(first);
  }, 300_000);

  it('does not rewrite snapshots that did not change since the last published ones', async () => {
    const next = '2024-06-02';
    // Same deployed model (no training), one day later: most forecasts are unchanged.
    const r = await cli(['daily:run', '--as-of', next, '--no-train']);
    expect(r.code, r.out).toBe(0);
    const { rows } = await t.db.execute<{ rewritten: number; same: number; unchanged: number }>(sql`
      SELECT count(*)::int AS rewritten,
             count(*) FILTER (WHERE round(n.probability::numeric, 4) = round(o.probability::numeric, 4) AND n.drivers_json = o.drivers_json)::int AS same,
             (SELECT (counts->>'unchanged')::int FROM pipeline_runs WHERE run_key = ${`daily:${next}:all`} AND step = 'predict:run') AS unchanged
      FROM prediction_snapshots n
      JOIN prediction_snapshots o ON o.player_id = n.player_id AND o.to_club_id IS NOT DISTINCT FROM n.to_club_id AND o.horizon_days = n.horizon_days
        AND o.as_of = ${`${T}T00:00:00Z`}::timestamptz
      WHERE n.as_of = ${`${next}T00:00:00Z`}::timestamptz`);
    expect(rows[0]!.same).toBe(0);
    expect(rows[0]!.unchanged).toBeGreaterThan(0);
    for (const [id, p] of await latestPerPlayer(next)) expect(coherenceProblems(p), id).toEqual([]);
  }, 300_000);

  it('completes a run killed half-way through when it is run again, without duplicates', async () => {
    const day = '2024-06-09'; // the model of 1 June is still in season
    const killed = await cli(['daily:run', '--as-of', day, '--chunk', '40', '--no-train'], { killWhen: /predict:run: [1-9]/ });
    expect(killed.code).toBeNull();
    expect((await runSteps(`daily:${day}:all`)).find((s) => s.step === 'run')?.status).toBe('running');
    const r = await cli(['daily:run', '--as-of', day, '--chunk', '40', '--no-train', '--take-over']);
    expect(r.code, r.out).toBe(0);
    expect((await runSteps(`daily:${day}:all`)).every((s) => s.status === (s.step === 'model:train' ? 'skipped' : 'succeeded'))).toBe(true);
    // Every active player of the day has exactly one feature vector and one candidate set.
    const { rows } = await t.db.execute<{ f: number; c: number; dup: number }>(sql`
      SELECT (SELECT count(*)::int FROM feature_snapshots WHERE as_of = ${`${day}T00:00:00Z`}::timestamptz) AS f,
             (SELECT count(*)::int FROM candidate_sets WHERE as_of = ${`${day}T00:00:00Z`}::timestamptz) AS c,
             (SELECT count(*)::int FROM (SELECT player_id FROM prediction_snapshots WHERE as_of = ${`${day}T00:00:00Z`}::timestamptz
               GROUP BY player_id, to_club_id, horizon_days HAVING count(*) > 1) x) AS dup`);
    expect(rows[0]!.c).toBe(rows[0]!.f);
    expect(rows[0]!.dup).toBe(0);
    const players = await latestPerPlayer(day);
    expect(players.size).toBeGreaterThanOrEqual(rows[0]!.f);
    for (const [id, p] of players) expect(coherenceProblems(p), id).toEqual([]);
  }, 300_000);

  it('exits non-zero and records the failing step with its error; a rerun then completes the run', async () => {
    const day = '2024-06-13';
    await t.db.execute(sql.raw(`CREATE FUNCTION sabotage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$`));
    await t.db.execute(sql.raw(`CREATE TRIGGER sabotage BEFORE INSERT ON candidate_sets FOR EACH ROW WHEN (NEW.as_of = '${day}T00:00:00Z') EXECUTE FUNCTION sabotage()`));
    const r = await cli(['daily:run', '--as-of', day, '--no-train']);
    expect(r.code).toBe(1);
    const steps = await runSteps(`daily:${day}:all`);
    expect(steps.find((s) => s.step === 'candidates:generate')).toMatchObject({ status: 'failed', error: expect.stringMatching(/disk full \(test\)/) });
    expect(steps.find((s) => s.step === 'run')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^candidates:generate: .*disk full/) });
    expect(steps.find((s) => s.step === 'model:train')).toBeUndefined();
    await t.db.execute(sql.raw('DROP TRIGGER sabotage ON candidate_sets'));
    const again = await cli(['daily:run', '--as-of', day, '--no-train']);
    expect(again.code, again.out).toBe(0);
    expect((await runSteps(`daily:${day}:all`)).every((s) => s.status === (s.step === 'model:train' ? 'skipped' : 'succeeded'))).toBe(true);
  }, 300_000);

  it('refuses to publish with a model trained for another season, and says what to run', async () => {
    const day = '2024-09-01'; // three months after the model in force was trained
    const r = await cli(['daily:run', '--as-of', day, '--no-train']);
    expect(r.code).toBe(1);
    const steps = await runSteps(`daily:${day}:all`);
    expect(steps.find((s) => s.step === 'predict:run')).toMatchObject({ status: 'failed', error: expect.stringMatching(/trained as of 2024-06-01\) is out of season for 2024-09-01.*run model:train/) });
    const { rows } = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM prediction_snapshots WHERE as_of = ${`${day}T00:00:00Z`}::timestamptz`);
    expect(rows[0]!.n).toBe(0);
  }, 300_000);

  it('backfills a past day with a model trained by then, leaving the live model live', async () => {
    const live = async () => (await t.db.execute<{ model_version: string }>(sql`SELECT model_version FROM model_versions WHERE status = 'deployed'`)).rows;
    const before = await live();
    const day = '2024-05-01';
    const r = await cli(['daily:run', '--as-of', day]);
    expect(r.code, r.out).toBe(0);
    expect(await live()).toEqual(before);
    const { rows } = await t.db.execute<{ n: number; future: number }>(sql`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE mv.training_as_of > s.as_of)::int AS future
      FROM prediction_snapshots s JOIN model_versions mv ON mv.model_version = s.model_version
      WHERE s.as_of = ${`${day}T00:00:00Z`}::timestamptz`);
    expect(rows[0]!.n).toBeGreaterThan(0);
    expect(rows[0]!.future).toBe(0);
  }, 300_000);

  it('exports the latest snapshots as CSV with exactly the agreed columns', async () => {
    const r = await cli(['export:predictions', '--as-of', '2024-06-02', '--horizon', '90', '--format', 'csv']);
    expect(r.code, r.out).toBe(0);
    const lines = r.out.trim().split('\n').filter((l) => !l.startsWith('as of'));
    expect(lines[0]).toBe('player_transfermarkt_id,to_club_transfermarkt_id,horizon_days,probability,as_of');
    const body = lines.slice(1).map((l) => l.split(','));
    expect(body.length).toBeGreaterThan(0);
    for (const [player, , h, p, asOf] of body) {
      expect(player).toMatch(/^\d+$/);
      expect(h).toBe('90');
      expect(Number(p)).toBeGreaterThanOrEqual(0);
      expect(Number(p)).toBeLessThanOrEqual(1);
      expect(asOf! <= '2024-06-02').toBe(true);
    }
    expect(body.some(([, club]) => club === '')).toBe(true);
    expect(body.some(([, club]) => club !== '')).toBe(true);
  }, 300_000);

  it('rejects bad options with exit code 2', async () => {
    expect((await cli(['daily:run', '--as-of', '2024-13-45'])).code).toBe(2);
    expect((await cli(['export:predictions', '--as-of', '2024-06-01', '--horizon', '45'])).code).toBe(2);
  }, 60_000);
});
