/**
 * Model versions and their scored track record, for the accuracy page. As of T means: models trained on data up to
 * T (training_as_of <= T) and evaluations whose scoring window had closed by T. The artifact itself is never sent.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { readAt } from './read';
import { iso, ts, type Instant } from './sql';

export interface ModelRow {
  id: string;
  model_name: string;
  model_version: string;
  status: string;
  training_as_of: string;
  training_samples: number;
  positive_samples: number;
  feature_count: number;
  features_used: unknown;
  metrics: unknown;
  created_at: string;
  deployed_at: string | null;
  evaluations_count: number;
}

export interface EvaluationRow {
  id: string;
  evaluation_type: string;
  evaluation_name: string;
  evaluation_start: string;
  evaluation_end: string;
  horizon_days: number;
  total_predictions: number;
  total_positives: number;
  auc_roc: number | null;
  brier_score: number | null;
  brier_skill: number | null;
  log_loss: number | null;
  calibration_error: number | null;
  precision_at_20: number | null;
  precision_at_100: number | null;
  destination_top1: number | null;
  destination_top5: number | null;
  destination_top10: number | null;
  calibration_bins: unknown;
}

const modelColumns = (t: Instant) => sql`mv.id, mv.model_name, mv.model_version, mv.status, ${iso(sql`mv.training_as_of`)} AS training_as_of,
  mv.training_samples, mv.positive_samples, mv.feature_count, mv.features_used, mv.metrics,
  ${iso(sql`mv.created_at`)} AS created_at, ${iso(sql`mv.deployed_at`)} AS deployed_at,
  (SELECT count(*)::int FROM model_evaluations me WHERE me.model_version_id = mv.id AND me.evaluation_end <= ${ts(t)}) AS evaluations_count`;

/** The columns of an EvaluationRow, from model_evaluations aliased `me`. */
export const evaluationColumns = sql`me.id, me.evaluation_type, me.evaluation_name, ${iso(sql`me.evaluation_start`)} AS evaluation_start,
  ${iso(sql`me.evaluation_end`)} AS evaluation_end, me.horizon_days, me.total_predictions, me.total_positives, me.auc_roc,
  me.brier_score, me.brier_skill, me.log_loss, me.calibration_error, me.precision_at_20, me.precision_at_100,
  me.destination_top1, me.destination_top5, me.destination_top10, me.calibration_bins`;

export async function listModels(db: Db, t: Instant, limit: number) {
  const { results, freshness } = await readAt<[ModelRow[]]>(db, t, [
    sql`SELECT ${modelColumns(t)} FROM model_versions mv WHERE mv.training_as_of <= ${ts(t)}
        ORDER BY mv.training_as_of DESC, mv.created_at DESC LIMIT ${limit}`,
  ]);
  return { models: results[0], freshness };
}

export async function getModel(db: Db, version: string, t: Instant, filter: { horizon?: number; type?: string }) {
  const conds = [sql`me.evaluation_end <= ${ts(t)}`];
  if (filter.horizon) conds.push(sql`me.horizon_days = ${filter.horizon}`);
  if (filter.type) conds.push(sql`me.evaluation_type = ${filter.type}`);
  const { results, freshness } = await readAt<[(ModelRow & { feature_importances: unknown })[], EvaluationRow[]]>(db, t, [
    sql`SELECT ${modelColumns(t)}, mv.feature_importances FROM model_versions mv WHERE mv.model_version = ${version} AND mv.training_as_of <= ${ts(t)}`,
    sql`SELECT ${evaluationColumns}
        FROM model_evaluations me JOIN model_versions mv ON mv.id = me.model_version_id
       WHERE mv.model_version = ${version} AND ${sql.join(conds, sql` AND `)}
       ORDER BY me.horizon_days, me.evaluation_type, me.evaluation_start, me.evaluation_name`,
  ]);
  return { model: results[0][0], evaluations: results[1], freshness };
}
