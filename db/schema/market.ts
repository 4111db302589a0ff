/** Market layer: models, their inputs and immutable prediction snapshots, and the scored track record. */
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { modelStatus } from './enums';
import { clubs, players } from './reference';

/** A trained model bundle (move models per horizon plus the destination scorer), stored whole as JSON. */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelName: varchar('model_name', { length: 100 }).notNull(),
    modelVersion: varchar('model_version', { length: 80 }).notNull(),
    trainingAsOf: timestamp('training_as_of', { withTimezone: true }).notNull(),
    trainingSamples: integer('training_samples').notNull(),
    positiveSamples: integer('positive_samples').notNull(),
    featureCount: integer('feature_count').notNull(),
    featuresUsed: jsonb('features_used').notNull(),
    /** Held-out metrics per horizon, and the baselines they were compared with. */
    metrics: jsonb('metrics').notNull(),
    featureImportances: jsonb('feature_importances'),
    /** The model itself: trees or coefficients and calibration maps. */
    artifact: jsonb('artifact').notNull(),
    status: modelStatus('status').notNull().default('completed'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deployedAt: timestamp('deployed_at', { withTimezone: true }),
    errorMessage: text('error_message'),
  },
  (t) => [
    uniqueIndex('uq_model_versions_version').on(t.modelVersion),
    index('ix_model_versions_status').on(t.status, t.createdAt),
  ],
);

export const predictionSnapshots = pgTable(
  'prediction_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Deterministic: player, destination (or ANY), horizon, as_of. */
    snapshotId: varchar('snapshot_id', { length: 160 }).notNull(),
    modelVersion: varchar('model_version', { length: 80 }).notNull(),
    modelName: varchar('model_name', { length: 100 }).notNull(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    fromClubId: uuid('from_club_id').references(() => clubs.id),
    /** Null means "any move away". */
    toClubId: uuid('to_club_id').references(() => clubs.id),
    horizonDays: integer('horizon_days').notNull(),
    probability: doublePrecision('probability').notNull(),
    driversJson: jsonb('drivers_json').notNull().default({}),
    featuresJson: jsonb('features_json'),
    asOf: timestamp('as_of', { withTimezone: true }).notNull(),
    windowStart: date('window_start').notNull(),
    windowEnd: date('window_end').notNull(),
    pipelineRunId: uuid('pipeline_run_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uq_prediction_snapshots_snapshot_id').on(t.snapshotId),
    index('ix_prediction_snapshots_latest').on(t.playerId, t.horizonDays, t.toClubId, t.asOf),
    index('ix_prediction_snapshots_as_of').on(t.asOf, t.horizonDays),
    index('ix_prediction_snapshots_to_club').on(t.toClubId, t.asOf),
    index('ix_prediction_snapshots_from_club').on(t.fromClubId, t.asOf),
    // The probability table reads snapshots in probability order and stops after a page (API market/latest).
    index('ix_prediction_snapshots_probability').on(t.probability.desc()),
    check('ck_prediction_probability_range', sql`${t.probability} >= 0 AND ${t.probability} <= 1`),
    check('ck_prediction_horizon', sql`${t.horizonDays} IN (30, 90, 180)`),
    check('ck_prediction_window', sql`${t.windowEnd} = ${t.windowStart} + ${t.horizonDays}`),
  ],
);

export const modelEvaluations = pgTable(
  'model_evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelVersionId: uuid('model_version_id').notNull().references(() => modelVersions.id),
    /** holdout (at training), backtest, or live (matured published snapshots). */
    evaluationType: varchar('evaluation_type', { length: 20 }).notNull(),
    /** e.g. the month scored, "2024-06", or a backtest name. */
    evaluationName: varchar('evaluation_name', { length: 200 }).notNull(),
    evaluationStart: timestamp('evaluation_start', { withTimezone: true }).notNull(),
    evaluationEnd: timestamp('evaluation_end', { withTimezone: true }).notNull(),
    horizonDays: integer('horizon_days').notNull(),
    totalPredictions: integer('total_predictions').notNull(),
    totalPositives: integer('total_positives').notNull(),
    aucRoc: doublePrecision('auc_roc'),
    brierScore: doublePrecision('brier_score'),
    brierSkill: doublePrecision('brier_skill'),
    logLoss: doublePrecision('log_loss'),
    calibrationError: doublePrecision('calibration_error'),
    precisionAt20: doublePrecision('precision_at_20'),
    precisionAt100: doublePrecision('precision_at_100'),
    destinationTop1: doublePrecision('destination_top1'),
    destinationTop5: doublePrecision('destination_top5'),
    destinationTop10: doublePrecision('destination_top10'),
    calibrationBins: jsonb('calibration_bins'),
    details: jsonb('details'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uq_model_evaluations_key').on(t.modelVersionId, t.evaluationType, t.evaluationName, t.horizonDays),
    index('ix_model_evaluations_horizon').on(t.horizonDays, t.evaluationStart),
    check('ck_model_evaluations_horizon', sql`${t.horizonDays} IN (30, 90, 180)`),
  ],
);

/** One point-in-time feature vector per player and as-of date. */
export const featureSnapshots = pgTable(
  'feature_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    asOf: timestamp('as_of', { withTimezone: true }).notNull(),
    featureVersion: varchar('feature_version', { length: 50 }).notNull(),
    features: jsonb('features').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uq_feature_snapshots_player_as_of').on(t.playerId, t.asOf, t.featureVersion),
    index('ix_feature_snapshots_as_of').on(t.asOf),
  ],
);

/** Destination clubs worth scoring for a player as of a date, with where each came from. */
export const candidateSets = pgTable(
  'candidate_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    asOf: timestamp('as_of', { withTimezone: true }).notNull(),
    fromClubId: uuid('from_club_id').references(() => clubs.id),
    generationVersion: varchar('generation_version', { length: 50 }).notNull(),
    totalCandidates: integer('total_candidates').notNull(),
    sourceCounts: jsonb('source_counts').notNull(),
    /** [{ club_id, sources: [...], score }] */
    candidatesJson: jsonb('candidates_json').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uq_candidate_sets_player_as_of').on(t.playerId, t.asOf, t.generationVersion),
    index('ix_candidate_sets_as_of').on(t.asOf),
  ],
);
