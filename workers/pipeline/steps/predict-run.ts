/**
 * predict:run: for every active player as of T, P(move) per horizon and P(move to club) for the candidate clubs,
 * made coherent (coherence.ts) and published as immutable snapshots with deterministic ids. A snapshot equal to the
 * last published one for its (player, destination, horizon) (same probability to 4 decimals, same drivers) is not
 * written again, so storage grows with change, not with days. A destination published before but no longer a
 * candidate gets a 0 snapshot, so the latest snapshots of a player always stay coherent.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import type { Horizon } from '../../../db/schema';
import { predictPlayer } from '../model/predict';
import { IN_SEASON_DAYS, inSeason } from '../model/train';
import { clubAt } from '../model/timeline';
import type { Candidate, Driver } from '../model/types';
import { addDays, asOfInstant } from '../run/as-of';
import { canonicalJson, insertRows, textArray } from './bulk';
import { coherent } from './coherence';
import { datasetFor } from './dataset';
import { FEATURE_VERSION } from './features-build';
import { GENERATION_VERSION } from './candidates-generate';
import { modelInForce, type ModelInForce } from './model-in-force';
import { featuredPlayers, perPlayerStep } from './players';
import type { StepContext } from './step';

/** How many drivers a snapshot keeps (largest absolute contributions first). */
export const DRIVERS_KEPT = 6;
/** How many destinations are published per player (the most likely at 90 days); the rest stay in candidate_sets. */
export const DESTINATIONS_PUBLISHED = 10;

/**
 * What "the same drivers" means when deciding to skip a snapshot: same features, same readable labels, same
 * contributions. The raw value is left out: age or days at club move a little every day without changing what the
 * reader sees or the forecast.
 */
export const driversKey = (drivers: unknown) =>
  canonicalJson(((drivers ?? []) as { feature: string; label: string; contribution: number }[]).map((d) => ({ feature: d.feature, label: d.label, contribution: d.contribution })));

export const snapshotIdFor = (playerId: string, toClubId: string | null, horizon: number, asOf: string) =>
  `${playerId}:${toClubId ?? 'any'}:h${horizon}:${asOf}`;

export function publishedDrivers(drivers: Driver[]) {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return [...drivers]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature))
    .slice(0, DRIVERS_KEPT)
    .map((d) => ({ feature: d.feature, label: d.label, value: d.value === null ? null : r4(d.value), contribution: r4(d.contribution) }));
}

/** The model in force at T, fetched once per process and day. */
async function modelFor(ctx: StepContext): Promise<ModelInForce | undefined> {
  const key = `model:${ctx.asOf}`;
  if (!ctx.memo.has(key)) ctx.memo.set(key, await modelInForce(ctx.db, ctx.asOf));
  return ctx.memo.get(key) as ModelInForce | undefined;
}

type Last = { player_id: string; to_club_id: string | null; horizon_days: number; probability: number; drivers_json: unknown };

async function chunkInputs(db: Db, asOf: string, ids: string[]) {
  const at = asOfInstant(asOf).toISOString();
  const [candidates, last] = await db.batch([
    db.execute<{ player_id: string; candidates_json: { club_id: string; sources: string[]; score: number }[] }>(sql`
      SELECT player_id, candidates_json FROM candidate_sets
      WHERE as_of = ${at}::timestamptz AND generation_version = ${GENERATION_VERSION} AND player_id = ANY(${textArray(ids)}::uuid[])`),
    db.execute<Last>(sql`
      SELECT DISTINCT ON (player_id, to_club_id, horizon_days) player_id, to_club_id, horizon_days, probability, drivers_json
      FROM prediction_snapshots WHERE player_id = ANY(${textArray(ids)}::uuid[]) AND as_of <= ${at}::timestamptz
      ORDER BY player_id, to_club_id, horizon_days, as_of DESC`),
  ]);
  const candidatesOf = new Map(candidates.rows.map((r) => [r.player_id, r.candidates_json.map((c): Candidate => ({ clubId: c.club_id, sources: c.sources, score: c.score }))]));
  const lastOf = new Map<string, Last[]>();
  for (const r of last.rows) {
    const list = lastOf.get(r.player_id);
    if (list) list.push(r);
    else lastOf.set(r.player_id, [r]);
  }
  return { candidatesOf, lastOf };
}

export const predictRun = perPlayerStep({
  name: 'predict:run',
  describe: 'coherent move and destination probabilities per horizon, published as snapshots',
  population: (ctx) => featuredPlayers(ctx.asOf, FEATURE_VERSION),
  async work(ctx, ids) {
    const model = await modelFor(ctx);
    if (!model) throw new Error(`no model in force as of ${ctx.asOf}: run model:train (daily:run in the container) first; its first run deploys a model or the base rate`);
    const at = asOfInstant(ctx.asOf);
    // Models are seasonal: one trained for another time of year would publish that season's move rates.
    if (!inSeason(new Date(model.trainedAsOf), at)) {
      throw new Error(`the model in force (${model.version}, trained as of ${model.trainedAsOf.slice(0, 10)}) is out of season for ${ctx.asOf} (a model speaks for ${IN_SEASON_DAYS} days after its training date): run model:train for this day (daily:run in the container)`);
    }
    const [ds, { candidatesOf, lastOf }] = await Promise.all([datasetFor(ctx, ids), chunkInputs(ctx.db, ctx.asOf, ids)]);
    const rows: Record<string, unknown>[] = [];
    let unchanged = 0;
    for (const id of ids) {
      const full = predictPlayer(model.bundle, ds, id, at, candidatesOf.get(id) ?? []);
      const pred = { ...full, destinations: [...full.destinations].sort((a, b) => b.p[90] - a.p[90] || (a.clubId < b.clubId ? -1 : 1)).slice(0, DESTINATIONS_PUBLISHED) };
      const published = coherent({ move: pred.move, destinations: pred.destinations.map((d) => ({ clubId: d.clubId, p: d.p })) });
      const driversOf = new Map<string | null, ReturnType<typeof publishedDrivers>>([[null, publishedDrivers(pred.drivers)]]);
      for (const d of pred.destinations) driversOf.set(d.clubId, publishedDrivers(d.drivers));
      const fromClubId = clubAt(ds, id, at.getTime());
      const last = new Map((lastOf.get(id) ?? []).map((r) => [`${r.to_club_id}|${r.horizon_days}`, r]));
      const offer = (toClubId: string | null, horizon: Horizon, probability: number) => {
        const drivers = driversOf.get(toClubId) ?? [];
        const prev = last.get(`${toClubId}|${horizon}`);
        if (prev && Number(prev.probability).toFixed(4) === probability.toFixed(4) && driversKey(prev.drivers_json) === driversKey(drivers)) {
          unchanged++;
          return;
        }
        rows.push({
          snapshot_id: snapshotIdFor(id, toClubId, horizon, ctx.asOf),
          model_version: model.version,
          model_name: model.name,
          player_id: id,
          from_club_id: fromClubId,
          to_club_id: toClubId,
          horizon_days: horizon,
          probability,
          drivers_json: drivers,
          features_json: toClubId === null ? pred.features : null,
          as_of: at.toISOString(),
          window_start: ctx.asOf,
          window_end: addDays(ctx.asOf, horizon),
          pipeline_run_id: ctx.runId ?? null,
        });
      };
      for (const h of ctx.horizons) {
        offer(null, h, published.move[h]);
        const current = new Set(published.destinations.map((d) => d.clubId));
        for (const d of published.destinations) offer(d.clubId, h, d.p[h]);
        // Destinations dropped from the candidate list are withdrawn with a 0, not left standing.
        for (const r of lastOf.get(id) ?? []) {
          if (r.to_club_id && r.horizon_days === h && !current.has(r.to_club_id) && Number(r.probability) > 0) {
            driversOf.set(r.to_club_id, []);
            offer(r.to_club_id, h, 0);
          }
        }
      }
    }
    const written = await insertRows(
      ctx.db,
      'prediction_snapshots',
      {
        snapshot_id: 'text', model_version: 'text', model_name: 'text', player_id: 'uuid', from_club_id: 'uuid', to_club_id: 'uuid', horizon_days: 'int',
        probability: 'float8', drivers_json: 'jsonb', features_json: 'jsonb', as_of: 'timestamptz', window_start: 'date', window_end: 'date', pipeline_run_id: 'uuid',
      },
      rows,
      'ON CONFLICT (snapshot_id) DO NOTHING',
    );
    return { counts: { players: ids.length, snapshots: written, unchanged }, read: ids.length, written };
  },
});
