import { createRoute, z } from '@hono/zod-openapi';
import { TRACK_RECORD_TYPES } from '../../../../db/queries/track-record';
import { AsOfQuery, FreshnessFields, Horizon, errors, json } from '../../lib/schemas';
import { Evaluation } from '../models/models.routes';

const Censored = z.number().nullable().openapi({
  description:
    "Forecasts not scored because the data source stopped following the player before the window closed (details.censored); null when the evaluation does not report it (rows scored before it was recorded).",
});

const CalibrationBin = z
  .object({ bin: z.number(), count: z.number(), meanPredicted: z.number(), observedRate: z.number() })
  .openapi('CalibrationBin');

export const TrackRecordEvaluation = Evaluation.extend({
  model_version: z.string().openapi({ description: 'The model version whose forecasts this month scores' }),
  censored: Censored,
}).openapi('TrackRecordEvaluation');

export const TrackRecordSummary = z
  .object({
    horizon_days: z.number(),
    evaluation_type: z.string().openapi({ description: 'live (published at the time) or backtest (replayed later from the data of the day)' }),
    evaluations: z.number().openapi({ description: 'Evaluation rows pooled (one per model version and month)' }),
    months: z.number().openapi({ description: 'Distinct months pooled' }),
    model_versions: z.number(),
    first_start: z.string(),
    last_end: z.string(),
    total_predictions: z.number().openapi({ description: 'Sum over the rows' }),
    total_positives: z.number().openapi({ description: 'Sum over the rows: forecasts followed by a move' }),
    base_rate: z.number().nullable().openapi({ description: 'total_positives / total_predictions' }),
    brier_score: z.number().nullable().openapi({
      description: 'Brier score over all pooled predictions: the prediction-weighted mean of the monthly scores (rows without one are left out)',
    }),
    censored: Censored.openapi({ description: 'Sum of censored over the rows that report it; null when none does' }),
    calibration_bins: z.array(CalibrationBin).openapi({
      description:
        "Reliability pooled over the rows: each month's bins regrouped by decile of predicted probability (bin 0 is 0-10 %), means weighted by the bins' counts",
    }),
  })
  .openapi('TrackRecordSummary');

export const get = createRoute({
  method: 'get',
  path: '/track-record',
  tags: ['Models'],
  summary: 'The scored track record of every model version: published and replayed months whose window closed by T, with a pooled summary',
  description:
    'Evaluations of type live or backtest of all model versions trained by T (training_as_of <= T) whose scoring window had closed by T ' +
    '(evaluation_end <= T), ordered by horizon, type, evaluation_start and model version. summary pools them per horizon and type. ' +
    "Training holdouts are listed with their model (GET /models/{version}).",
  request: {
    query: AsOfQuery.extend({
      horizon_days: Horizon.optional(),
      evaluation_type: z.enum(TRACK_RECORD_TYPES).optional(),
    }),
  },
  responses: {
    200: json(
      z.object({ evaluations: z.array(TrackRecordEvaluation), summary: z.array(TrackRecordSummary), ...FreshnessFields }),
      'Every scored month, and the pooled summary per horizon and type',
    ),
    422: errors[422],
  },
});
