/**
 * The public track record across model versions: every scored month of published (live) and replayed (backtest)
 * forecasts, whichever model made them, plus a pooled summary per horizon and type. As of T, the same rule as one
 * model's track record (models.ts): evaluations whose scoring window had closed by T (evaluation_end <= T), of models
 * trained on data up to T (training_as_of <= T). Training holdouts are not forecasts scored against what happened
 * next; they stay with their model (GET /models/{version}).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { evaluationColumns, type EvaluationRow } from './models';
import { readAt } from './read';
import { iso, ts, type Instant } from './sql';

export const TRACK_RECORD_TYPES = ['live', 'backtest'] as const;
export type TrackRecordType = (typeof TRACK_RECORD_TYPES)[number];

export interface TrackRecordRow extends EvaluationRow {
  model_version: string;
  /** Snapshots of the month not scored because the source stopped following the player before the window closed. */
  censored: number | null;
}

export interface CalibrationBin { bin: number; count: number; meanPredicted: number; observedRate: number }

export interface TrackRecordSummary {
  horizon_days: number;
  evaluation_type: string;
  evaluations: number;
  months: number;
  model_versions: number;
  first_start: string;
  last_end: string;
  total_predictions: number;
  total_positives: number;
  base_rate: number | null;
  brier_score: number | null;
  censored: number | null;
  calibration_bins: CalibrationBin[];
}

/** A number stored in a jsonb field, or null when the key is absent or not a number (rows written before it existed). */
const jsonNumber = (field: SQL) => sql`CASE WHEN jsonb_typeof(${field}) = 'number' THEN (${field})::text::float8 END`;

export async function getTrackRecord(db: Db, t: Instant, filter: { horizon?: number; type?: TrackRecordType }) {
  const conds = [
    sql`me.evaluation_end <= ${ts(t)}`,
    sql`mv.training_as_of <= ${ts(t)}`,
    filter.type ? sql`me.evaluation_type = ${filter.type}` : sql`me.evaluation_type IN ('live', 'backtest')`,
  ];
  if (filter.horizon) conds.push(sql`me.horizon_days = ${filter.horizon}`);
  const visible = sql`FROM model_evaluations me JOIN model_versions mv ON mv.id = me.model_version_id WHERE ${sql.join(conds, sql` AND `)}`;
  const censored = sql`${jsonNumber(sql`me.details->'censored'`)}::int`;
  const bins = sql`CASE WHEN jsonb_typeof(me.calibration_bins) = 'array' THEN me.calibration_bins ELSE '[]'::jsonb END`;
  const { results, freshness } = await readAt<[TrackRecordRow[], TrackRecordSummary[]]>(db, t, [
    sql`SELECT ${evaluationColumns}, mv.model_version, ${censored} AS censored ${visible}
        ORDER BY me.horizon_days, me.evaluation_type, me.evaluation_start, mv.model_version, me.evaluation_name`,
    // Pooled over every visible month: counts add up; the Brier score, a mean over predictions, pools exactly as the
    // prediction-weighted mean of the monthly scores; reliability bins regroup each month's bins by decile of
    // predicted probability (0-10 %, ..., 90-100 %), weighting their means by their counts.
    sql`WITH e AS (SELECT me.horizon_days, me.evaluation_type, me.evaluation_name, me.model_version_id, me.evaluation_start,
                          me.evaluation_end, me.total_predictions, me.brier_score, me.total_positives, ${censored} AS censored, ${bins} AS bins ${visible}),
        b AS (
          SELECT e.horizon_days, e.evaluation_type, LEAST(9, floor(p * 10))::int AS bin, sum(n)::float8 AS n,
                 sum(n * p)::float8 AS sp, sum(n * o)::float8 AS so
          FROM e, jsonb_array_elements(e.bins) x,
               LATERAL (SELECT ${jsonNumber(sql`x->'count'`)} AS n, ${jsonNumber(sql`x->'meanPredicted'`)} AS p,
                               ${jsonNumber(sql`x->'observedRate'`)} AS o) v
          WHERE v.n > 0 AND v.p IS NOT NULL AND v.o IS NOT NULL
          GROUP BY 1, 2, 3)
        SELECT e.horizon_days, e.evaluation_type, count(*)::int AS evaluations, count(DISTINCT e.evaluation_name)::int AS months,
               count(DISTINCT e.model_version_id)::int AS model_versions,
               ${iso(sql`min(e.evaluation_start)`)} AS first_start, ${iso(sql`max(e.evaluation_end)`)} AS last_end,
               sum(e.total_predictions)::int AS total_predictions, sum(e.total_positives)::int AS total_positives,
               (sum(e.total_positives)::float8 / NULLIF(sum(e.total_predictions), 0)) AS base_rate,
               (sum(e.brier_score * e.total_predictions) / NULLIF(sum(e.total_predictions) FILTER (WHERE e.brier_score IS NOT NULL), 0))::float8 AS brier_score,
               sum(e.censored)::int AS censored,
               COALESCE((SELECT jsonb_agg(jsonb_build_object('bin', b.bin, 'count', b.n, 'meanPredicted', b.sp / b.n, 'observedRate', b.so / b.n) ORDER BY b.bin)
                           FROM b WHERE b.horizon_days = e.horizon_days AND b.evaluation_type = e.evaluation_type), '[]'::jsonb) AS calibration_bins
        FROM e GROUP BY e.horizon_days, e.evaluation_type ORDER BY e.horizon_days, e.evaluation_type`,
  ]);
  return { evaluations: results[0], summary: results[1], freshness };
}
