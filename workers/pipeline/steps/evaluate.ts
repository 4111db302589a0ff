/**
 * evaluate: the public track record. Every published "any move" snapshot whose window has ended by T is scored
 * against the ledger (a qualifying move in (window_start, window_end]), per model version, horizon and month of
 * as_of, and upserted into model_evaluations. A snapshot whose outcome the ledger cannot know (the source stopped
 * following the player before its window closed, model/censoring.ts) is not scored, only counted
 * (details.censored). A snapshot written within LIVE_GRACE_DAYS of its as_of was published at the time (type
 * 'live'); one written later was replayed from the data of its day (`replay`, type 'backtest'). For movers, the
 * destinations published for that player as of the same day (latest per club, as the API shows them) are ranked
 * and the real destination looked up. One month per chunk; by default only months whose windows can still have
 * matured recently are recomputed.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { HORIZONS } from '../../../db/schema';
import { outcomeKnown } from '../model/censoring';
import { followedUntilAt } from '../model/dataset';
import { destinationHits, scoreBinary } from '../model/metrics';
import { QUALIFYING_TYPES } from '../model/timeline';
import { addDays, asOfInstant } from '../run/as-of';
import { textArray } from './bulk';
import { addCounts, type PipelineStep } from './step';

type Scored = {
  model_version_id: string; horizon: number; probability: number; moved: boolean; actual: string | null; ranked: string[] | null;
  as_of_ms: number; created_ms: number; window_end_ms: number; move_ms: number | null; followed_ms: number | null;
};

/** A snapshot written this long after its as_of at most was published at the time (a day's run can slip a day). */
export const LIVE_GRACE_DAYS = 2;

/** 'live' when the snapshot was published at the time, 'backtest' when it was replayed later from the data of its day. */
export function evaluationTypeOf(asOf: Date, createdAt: Date): 'live' | 'backtest' {
  return createdAt.getTime() - asOf.getTime() <= LIVE_GRACE_DAYS * 86_400_000 ? 'live' : 'backtest';
}

/** Months (YYYY-MM) with matured snapshots to score as of T; `sinceDay` limits them to recent ones. */
export async function monthsToScore(db: Db, asOf: string, sinceDay: string | null) {
  const { rows } = await db.execute<{ month: string }>(sql`
    SELECT DISTINCT to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM') AS month FROM prediction_snapshots
    WHERE to_club_id IS NULL AND window_end <= ${asOf}::date
      AND (${sinceDay}::date IS NULL OR as_of >= ${sinceDay}::date)
    ORDER BY month`);
  return rows.map((r) => r.month);
}

export async function scoreMonth(db: Db, asOf: string, month: string) {
  const start = asOfInstant(`${month}-01`);
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const { rows } = await db.execute<Scored>(sql`
    SELECT mv.id AS model_version_id, s.horizon_days AS horizon, s.probability, m.to_club_id IS NOT NULL AS moved,
           m.to_club_id AS actual, r.ranked,
           extract(epoch FROM s.as_of)::float8 * 1000 AS as_of_ms, extract(epoch FROM s.created_at)::float8 * 1000 AS created_ms,
           extract(epoch FROM s.window_end)::float8 * 1000 AS window_end_ms, extract(epoch FROM m.transfer_date)::float8 * 1000 AS move_ms,
           extract(epoch FROM f.until)::float8 * 1000 AS followed_ms
    FROM prediction_snapshots s
    JOIN model_versions mv ON mv.model_version = s.model_version
    LEFT JOIN LATERAL (
      SELECT t.to_club_id, t.transfer_date FROM transfer_events t JOIN clubs c ON c.id = t.to_club_id
      WHERE t.player_id = s.player_id AND NOT t.is_superseded AND NOT c.is_status_pseudo
        AND t.transfer_type::text = ANY(${textArray([...QUALIFYING_TYPES])})
        AND t.transfer_date > s.window_start AND t.transfer_date <= s.window_end
      ORDER BY t.transfer_date, t.created_at LIMIT 1
    ) m ON true
    LEFT JOIN (${followedUntilAt(asOfInstant(asOf))}) f ON f.player_id = s.player_id
    LEFT JOIN LATERAL (
      SELECT array_agg(d.to_club_id::text ORDER BY d.probability DESC, d.to_club_id) AS ranked FROM (
        SELECT DISTINCT ON (to_club_id) to_club_id, probability FROM prediction_snapshots
        WHERE player_id = s.player_id AND horizon_days = s.horizon_days AND to_club_id IS NOT NULL AND as_of <= s.as_of
        ORDER BY to_club_id, as_of DESC
      ) d WHERE d.probability > 0
    ) r ON m.to_club_id IS NOT NULL
    WHERE s.to_club_id IS NULL AND s.window_end <= ${asOf}::date
      AND s.as_of >= ${start.toISOString()}::timestamptz AND s.as_of < ${end.toISOString()}::timestamptz`);

  const groups = new Map<string, { scored: Scored[]; censored: number }>();
  const ms = (v: number | null) => (v === null ? undefined : Number(v));
  for (const r of rows) {
    const key = `${r.model_version_id}|${r.horizon}|${evaluationTypeOf(new Date(Number(r.as_of_ms)), new Date(Number(r.created_ms)))}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { scored: [], censored: 0 }));
    if (outcomeKnown(ms(r.move_ms), Number(r.window_end_ms), ms(r.followed_ms))) g.scored.push(r);
    else g.censored++;
  }
  const writes = [...groups.entries()].map(([key, { scored: g, censored }]) => {
    const [versionId, horizon, type] = key.split('|') as [string, string, string];
    // Every outcome censored (learned after an earlier scoring): nothing is known, so no score may stand.
    if (g.length === 0) {
      return db.execute(sql`DELETE FROM model_evaluations WHERE model_version_id = ${versionId}::uuid AND evaluation_type = ${type}
        AND evaluation_name = ${month} AND horizon_days = ${Number(horizon)}`);
    }
    const score = scoreBinary(g.map((r) => Number(r.probability)), g.map((r) => (r.moved ? 1 : 0)));
    const movers = g.filter((r) => r.actual);
    const hits = destinationHits(movers.map((r) => r.ranked ?? []), movers.map((r) => r.actual!));
    // censored: snapshots left unscored because the source stopped following the player before the window closed.
    const details = { baseRate: score.baseRate, meanPredicted: score.meanPredicted, calibrationInTheLarge: score.calibrationInTheLarge, movers: hits.n, censored, scoredAsOf: asOf };
    // evaluation_end is when the month's last window closes (a forecast made on its last day, plus the horizon): the
    // API shows an evaluation as of T only from then, so time travel never sees outcomes that were not known yet.
    const closes = asOfInstant(addDays(end.toISOString().slice(0, 10), Number(horizon) - 1));
    return db.execute(sql`
      INSERT INTO model_evaluations (model_version_id, evaluation_type, evaluation_name, evaluation_start, evaluation_end, horizon_days,
        total_predictions, total_positives, auc_roc, brier_score, brier_skill, log_loss, calibration_error, precision_at_20, precision_at_100,
        destination_top1, destination_top5, destination_top10, calibration_bins, details)
      VALUES (${versionId}::uuid, ${type}, ${month}, ${start.toISOString()}::timestamptz, ${closes.toISOString()}::timestamptz, ${Number(horizon)},
        ${score.n}, ${score.positives}, ${score.auc}, ${score.brier}, ${score.brierSkill}, ${score.logLoss}, ${score.ece}, ${score.precisionAt20}, ${score.precisionAt100},
        ${hits.n ? hits.top1 : null}, ${hits.n ? hits.top5 : null}, ${hits.n ? hits.top10 : null}, ${JSON.stringify(score.reliability)}::jsonb, ${JSON.stringify(details)}::jsonb)
      ON CONFLICT (model_version_id, evaluation_type, evaluation_name, horizon_days) DO UPDATE SET
        evaluation_start = excluded.evaluation_start, evaluation_end = excluded.evaluation_end,
        total_predictions = excluded.total_predictions, total_positives = excluded.total_positives, auc_roc = excluded.auc_roc,
        brier_score = excluded.brier_score, brier_skill = excluded.brier_skill, log_loss = excluded.log_loss,
        calibration_error = excluded.calibration_error, precision_at_20 = excluded.precision_at_20, precision_at_100 = excluded.precision_at_100,
        destination_top1 = excluded.destination_top1, destination_top5 = excluded.destination_top5, destination_top10 = excluded.destination_top10,
        calibration_bins = excluded.calibration_bins, details = excluded.details`);
  });
  if (writes.length) await db.batch(writes as [(typeof writes)[number], ...typeof writes]);
  return { snapshots: rows.length, evaluations: [...groups.values()].filter((g) => g.scored.length > 0).length };
}

/** Windows are at most 180 days, so months that started over 180 days + a month before T are final. */
export const RESCORE_DAYS = Math.max(...HORIZONS) + 31;

type Cursor = { months: string[]; counts: Record<string, number> };

export const evaluate: PipelineStep = {
  name: 'evaluate',
  describe: 'score snapshots whose window has ended against the ledger (the public track record: live or replayed)',
  async run(ctx, raw) {
    const cursor = (raw as Cursor | null) ?? { months: await monthsToScore(ctx.db, ctx.asOf, addDays(ctx.asOf, -RESCORE_DAYS).slice(0, 8) + '01'), counts: {} };
    const [month, ...rest] = cursor.months;
    if (!month) return { cursor: null, done: true, counts: cursor.counts, rowsRead: 0, rowsWritten: 0 };
    const r = await scoreMonth(ctx.db, ctx.asOf, month);
    const counts = addCounts(cursor.counts, { months: 1, snapshots: r.snapshots, evaluations: r.evaluations });
    return { cursor: { months: rest, counts }, done: rest.length === 0, counts, rowsRead: counts.snapshots ?? 0, rowsWritten: counts.evaluations ?? 0, progress: { done: counts.months ?? 0, total: (counts.months ?? 0) + rest.length } };
  },
};
