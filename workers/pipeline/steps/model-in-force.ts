/**
 * Which model speaks for day T: the most recently trained model that was ever promoted (deployed_at set) and was
 * trained on data up to T at the latest. Reruns and backfills of past days therefore never use a model that saw
 * their future, while the latest day uses the live ('deployed') model.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import type { TrainingMetrics } from '../model/train';
import type { ModelBundle } from '../model/types';
import { asOfInstant } from '../run/as-of';

export interface ModelInForce {
  version: string;
  name: string;
  /** ISO instant of training_as_of. */
  trainedAsOf: string;
  metrics: TrainingMetrics;
  bundle: ModelBundle;
}

export async function modelInForce(db: Db, asOf: string): Promise<ModelInForce | undefined> {
  const { rows } = await db.execute<{ model_version: string; model_name: string; trained: string; metrics: TrainingMetrics; artifact: ModelBundle }>(sql`
    SELECT model_version, model_name, to_char(training_as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS trained, metrics, artifact FROM model_versions
    WHERE deployed_at IS NOT NULL AND training_as_of <= ${asOfInstant(asOf).toISOString()}::timestamptz
    ORDER BY training_as_of DESC, deployed_at DESC LIMIT 1`);
  const r = rows[0];
  return r && { version: r.model_version, name: r.model_name, trainedAsOf: r.trained, metrics: r.metrics, bundle: r.artifact };
}

/** Training as of T on a day before the live model's training day promotes for its own era, not for today. */
export async function liveModelIsNewer(db: Db, asOf: string): Promise<boolean> {
  const { rows } = await db.execute(sql`
    SELECT 1 FROM model_versions WHERE status = 'deployed' AND training_as_of > ${asOfInstant(asOf).toISOString()}::timestamptz`);
  return rows.length > 0;
}
