/**
 * model:train: trains the model bundle on as-of dates whose outcome windows closed before T, stores it whole in
 * model_versions and deploys it only when it beats the deployed model (shouldPromote). The version name is derived
 * from T and a fingerprint of the data visible at T, so a rerun on the same data finds it and trains nothing.
 * The candidate is compared with the model in force at T (model-in-force.ts), so backfills compare like with like,
 * but only while that model is in season (trained at most IN_SEASON_DAYS before T): models are seasonal, and one
 * trained for January forecasts April with January's move rates. A horizon whose model does not beat its training
 * base rate on the held-out window forecasts that rate instead. When no model in season is in force and the
 * candidate does not qualify, the base rate itself is deployed (the candidate's trees dropped, its training rate per
 * horizon kept), so the product publishes an honest baseline rather than nothing or a stale model.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { FEATURE_NAMES } from '../model/features';
import { baseRateModel, horizonsWithoutSkill, withBaseRate } from '../model/base-rate';
import { inSeason, shouldPromote, trainBundle, type TrainResult, type TrainingMetrics } from '../model/train';
import type { Dataset, ModelBundle } from '../model/types';
import { HORIZONS } from '../../../db/schema';
import { asOfInstant } from '../run/as-of';
import { wholeDataset } from './dataset';
import { liveModelIsNewer, modelInForce } from './model-in-force';
import { FEATURE_VERSION } from './features-build';
import type { ChunkResult, PipelineStep } from './step';

async function sha256Hex(text: string) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A fingerprint of everything training can see as of T: ledger, signals, players, clubs, and the feature list. */
export async function modelVersionFor(db: Db, asOf: string) {
  const at = asOfInstant(asOf).toISOString();
  const { rows } = await db.execute<{ f: string }>(sql`
    SELECT concat_ws('|',
      (SELECT count(*) || ':' || coalesce(sum(hashtext(event_id || transfer_type::text || to_club_id::text)::bigint), 0) FROM transfer_events WHERE transfer_date <= ${asOf}::date AND NOT is_superseded),
      (SELECT count(*) || ':' || coalesce(sum(hashtext(signal_id)::bigint), 0) FROM signal_events WHERE observed_at <= ${at}::timestamptz AND effective_from <= ${at}::timestamptz),
      (SELECT count(*) FROM players), (SELECT count(*) FROM clubs)) AS f`);
  const fingerprint = await sha256Hex(`${rows[0]?.f}|${FEATURE_VERSION}`);
  return `gbm-${asOf}-${fingerprint.slice(0, 12)}`;
}

type Registration = { name: string; version: string; result: TrainResult; bundle: ModelBundle; metrics: TrainingMetrics; importances: unknown };

function insertModel(db: Db, at: Date, r: Registration) {
  return db.execute(sql`
    INSERT INTO model_versions (model_name, model_version, training_as_of, training_samples, positive_samples, feature_count, features_used, metrics, feature_importances, artifact, status)
    VALUES (${r.name}, ${r.version}, ${at.toISOString()}::timestamptz, ${r.result.trainingSamples}, ${r.result.positiveSamples}, ${FEATURE_NAMES.length},
            ${JSON.stringify(FEATURE_NAMES)}::jsonb, ${JSON.stringify(r.metrics)}::jsonb, ${JSON.stringify(r.importances)}::jsonb,
            ${JSON.stringify(r.bundle)}::jsonb, 'completed')
    ON CONFLICT (model_version) DO NOTHING`);
}

/**
 * The model's scores on its held-out window, one model_evaluations row per horizon (type 'holdout'), so the track
 * record shows how a model did before any of its live forecasts matured.
 */
function holdoutEvaluations(db: Db, r: Registration) {
  const days = [...r.metrics.holdoutDates].sort();
  return HORIZONS.flatMap((h) => {
    const s = r.metrics.horizons[h]?.model;
    if (!s || days.length === 0) return [];
    const details = { baseRate: s.baseRate, meanPredicted: s.meanPredicted, calibrationInTheLarge: s.calibrationInTheLarge, holdoutDates: days };
    return [
      db.execute(sql`
        INSERT INTO model_evaluations (model_version_id, evaluation_type, evaluation_name, evaluation_start, evaluation_end, horizon_days,
          total_predictions, total_positives, auc_roc, brier_score, brier_skill, log_loss, calibration_error, precision_at_20, precision_at_100,
          calibration_bins, details)
        SELECT id, 'holdout', 'holdout', ${days[0]}::timestamptz, ${days.at(-1)}::timestamptz, ${h}, ${s.n}, ${s.positives}, ${s.auc}, ${s.brier},
               ${s.brierSkill}, ${s.logLoss}, ${s.ece}, ${s.precisionAt20}, ${s.precisionAt100}, ${JSON.stringify(s.reliability)}::jsonb, ${JSON.stringify(details)}::jsonb
        FROM model_versions WHERE model_version = ${r.version}
        ON CONFLICT (model_version_id, evaluation_type, evaluation_name, horizon_days) DO NOTHING`),
    ];
  });
}

/** Registers the trained model, plus the base rate on a cold start, and deploys what should be deployed, atomically. */
export async function trainAndRegister(db: Db, asOf: string, load: () => Promise<Dataset>) {
  const version = await modelVersionFor(db, asOf);
  const { rows: existing } = await db.execute(sql`SELECT 1 FROM model_versions WHERE model_version = ${version}`);
  if (existing.length) return { version, trained: false, promoted: false, baseline: false };

  const at = asOfInstant(asOf);
  const result = trainBundle(await load(), at);
  // A horizon whose model does not beat its base rate (off-season windows, when almost nobody moves) forecasts it.
  const candidate = withBaseRate(result, horizonsWithoutSkill(result.metrics));
  const inForce = await modelInForce(db, asOf);
  const current = inForce && inSeason(new Date(inForce.trainedAsOf), at) ? inForce : undefined;
  const promote = shouldPromote(candidate.metrics, current?.metrics);
  const trained: Registration = { name: result.bundle.kind, version, result, ...candidate, importances: result.featureImportances };
  // Without a better model, the current one stays only while it is in season; out of season, the base rate speaks.
  const deploy = promote ? trained : current ? undefined : { ...trained, ...baseRateModel(result), name: 'transferlens-base-rate', version: `base-${version.slice(4)}`, importances: {} };
  const writes = [insertModel(db, at, trained), ...holdoutEvaluations(db, trained)];
  if (deploy && deploy !== trained) writes.push(insertModel(db, at, deploy), ...holdoutEvaluations(db, deploy));
  if (deploy && (await liveModelIsNewer(db, asOf))) {
    // A backfill: the model is promoted for its own days (deployed_at set) but the live model stays live.
    writes.push(db.execute(sql`UPDATE model_versions SET status = 'archived', deployed_at = now() WHERE model_version = ${deploy.version}`));
  } else if (deploy) {
    writes.push(db.execute(sql`UPDATE model_versions SET status = 'archived' WHERE status = 'deployed' AND model_version <> ${deploy.version}`));
    writes.push(db.execute(sql`UPDATE model_versions SET status = 'deployed', deployed_at = now() WHERE model_version = ${deploy.version}`));
  }
  await db.batch(writes as [(typeof writes)[number], ...typeof writes]);
  return { version, trained: true, promoted: promote, baseline: Boolean(deploy && !promote) };
}

export const modelTrain: PipelineStep = {
  name: 'model:train',
  describe: 'train the move and destination models on closed windows before T; deploy only if better',
  async run(ctx): Promise<ChunkResult> {
    if (!ctx.trainHere) return { cursor: null, done: true, skipped: true, counts: { delegated: 1 }, rowsRead: 0, rowsWritten: 0 };
    const r = await trainAndRegister(ctx.db, ctx.asOf, () => wholeDataset(ctx));
    return { cursor: null, done: true, counts: { trained: Number(r.trained), promoted: Number(r.promoted), baseline: Number(r.baseline) }, rowsRead: 0, rowsWritten: Number(r.trained) };
  },
};
