/**
 * Base-rate forecasts: a horizon whose model does not beat its training base rate on the held-out window forecasts
 * that rate instead (no trees, no calibration, no drivers), and the whole base-rate model for when no model can
 * speak (a cold start, or no model in season). Pure.
 */
import { HORIZONS } from '../../../db/schema/enums';
import { IDENTITY } from './calibration';
import { logit, sigmoid } from './gbm';
import { skillOverBaseRate, type TrainResult, type TrainingMetrics } from './train';
import type { Horizon, ModelBundle } from './types';

/**
 * A training result whose given horizons forecast their training rate instead (no trees, no calibration), scored on
 * the held-out window as that base rate (`baseRateOnly`, zero skill); the other horizons and the destinations stay.
 */
export function withBaseRate(result: TrainResult, only: readonly Horizon[]): { bundle: ModelBundle; metrics: TrainingMetrics } {
  const horizons = { ...result.bundle.horizons };
  const metrics: TrainingMetrics = { ...result.metrics, horizons: { ...result.metrics.horizons } };
  for (const h of only) {
    const held = result.metrics.horizons[h];
    const rate = held?.trainingRate ?? sigmoid(horizons[h].model.base);
    horizons[h] = { model: { ...horizons[h].model, base: logit(rate), trees: [] }, calibration: IDENTITY };
    if (held) metrics.horizons[h] = { ...held, model: held.baseRate, calibrated: null, baseRateOnly: true };
  }
  return { bundle: { ...result.bundle, horizons }, metrics };
}

/** The base-rate forecast of a training result: every horizon its training rate, the same destinations. */
export function baseRateModel(result: TrainResult): { bundle: ModelBundle; metrics: TrainingMetrics } {
  const r = withBaseRate(result, HORIZONS);
  return { ...r, metrics: { ...r.metrics, baseline: 'training base rate (no model in season beat it)' } };
}

/** Horizons whose model did not beat the training base rate on the held-out window: they forecast that rate. */
export function horizonsWithoutSkill(metrics: TrainingMetrics): Horizon[] {
  return HORIZONS.filter((h) => {
    const held = metrics.horizons[h];
    return held !== undefined && skillOverBaseRate(held) <= 0;
  });
}
