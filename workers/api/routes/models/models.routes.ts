import { createRoute, z } from '@hono/zod-openapi';
import { AsOfQuery, FreshnessFields, Horizon, errors, json, limit } from '../../lib/schemas';

export const ModelVersion = z
  .object({
    id: z.string(),
    model_name: z.string(),
    model_version: z.string(),
    status: z.string(),
    training_as_of: z.string(),
    training_samples: z.number(),
    positive_samples: z.number(),
    feature_count: z.number(),
    features_used: z.unknown(),
    metrics: z.unknown().openapi({ description: 'Held-out metrics per horizon and the baselines they were compared with' }),
    created_at: z.string(),
    deployed_at: z.string().nullable(),
    evaluations_count: z.number(),
  })
  .openapi('ModelVersion');

export const Evaluation = z
  .object({
    id: z.string(),
    evaluation_type: z.string().openapi({ description: 'holdout, backtest or live' }),
    evaluation_name: z.string(),
    evaluation_start: z.string(),
    evaluation_end: z.string(),
    horizon_days: z.number(),
    total_predictions: z.number(),
    total_positives: z.number(),
    auc_roc: z.number().nullable(),
    brier_score: z.number().nullable(),
    brier_skill: z.number().nullable(),
    log_loss: z.number().nullable(),
    calibration_error: z.number().nullable(),
    precision_at_20: z.number().nullable(),
    precision_at_100: z.number().nullable(),
    destination_top1: z.number().nullable(),
    destination_top5: z.number().nullable(),
    destination_top10: z.number().nullable(),
    calibration_bins: z.unknown(),
  })
  .openapi('Evaluation');

export const list = createRoute({
  method: 'get',
  path: '/models',
  tags: ['Models'],
  summary: 'Model versions trained on data up to T, newest first, with their training metrics',
  request: { query: AsOfQuery.extend({ limit: limit(20, 100) }) },
  responses: { 200: json(z.object({ models: z.array(ModelVersion), ...FreshnessFields }), 'Model versions'), 422: errors[422] },
});

export const get = createRoute({
  method: 'get',
  path: '/models/{version}',
  tags: ['Models'],
  summary: 'One model version with its scored track record (evaluations whose window closed by T)',
  request: {
    params: z.object({ version: z.string().min(1).max(80).regex(/^[A-Za-z0-9._:+-]+$/).openapi({ param: { name: 'version', in: 'path' } }) }),
    query: AsOfQuery.extend({
      horizon_days: Horizon.optional(),
      evaluation_type: z.enum(['holdout', 'backtest', 'live']).optional(),
    }),
  },
  responses: {
    200: json(z.object({ model: ModelVersion.extend({ feature_importances: z.unknown() }), evaluations: z.array(Evaluation), ...FreshnessFields }), 'The model and its track record'),
    404: errors[404],
    422: errors[422],
  },
});
