/** Base-rate forecasts: the whole model on a cold start or out of season, or one horizon whose model has no skill. */
import { describe, expect, it } from 'vitest';
import { HORIZONS } from '../../../db/schema';
import { baseRateModel, horizonsWithoutSkill, withBaseRate } from './base-rate';
import { sigmoid } from './gbm';
import { moveProbabilities, drivers } from './predict';
import type { TrainResult } from './train';
import type { BinaryScore, GbmModel, ModelBundle } from './types';

const score = (brier: number) => ({ brier }) as BinaryScore;
const gbm = (base: number): GbmModel => ({
  features: ['age'],
  edges: [[25]],
  base,
  trees: [[{ f: 0, b: 1, ml: true, l: 1, r: 2, v: 0 }, { f: -1, b: 0, ml: false, l: 0, r: 0, v: 0.5 }, { f: -1, b: 0, ml: false, l: 0, r: 0, v: -0.5 }]],
});

function trained(): TrainResult {
  const bundle: ModelBundle = {
    kind: 'transferlens-gbm',
    version: 1,
    trainedAsOf: '2024-06-01T00:00:00.000Z',
    features: ['age'],
    horizons: { 30: { model: gbm(-2), calibration: { a: 1.3, b: 0.1 } }, 90: { model: gbm(-1), calibration: { a: 1, b: 0 } }, 180: { model: gbm(-0.5), calibration: { a: 1, b: 0 } } },
    destination: { weights: { club: 1, leagueBand: 1, popularity: 1, user: 1 }, bandEdges: [1e6], flowYears: 3 },
  };
  const held = (rate: number) => ({ model: score(0.2), baseRate: score(0.18), trainingRate: rate, calibrated: null });
  return { bundle, metrics: { holdoutDates: ['2023-06-01'], horizons: { 30: held(0.05), 90: held(0.15), 180: held(0.25) } }, featureImportances: { age: 1 }, trainingSamples: 100, positiveSamples: 20 };
}

describe('baseRateModel', () => {
  it('predicts the training rate of each horizon for every player, with no drivers', () => {
    const { bundle } = baseRateModel(trained());
    for (const h of HORIZONS) expect(bundle.horizons[h].model.trees).toEqual([]);
    const young = moveProbabilities(bundle, [20]);
    const old = moveProbabilities(bundle, [30]);
    expect(young).toEqual(old);
    expect(young[30]).toBeCloseTo(0.05, 12);
    expect(young[90]).toBeCloseTo(0.15, 12);
    expect(young[180]).toBeCloseTo(0.25, 12);
    expect(drivers(bundle, [20])).toEqual([]);
  });

  it('scores itself as the base rate (zero skill), so the first model that beats the base rate replaces it', () => {
    const { metrics } = baseRateModel(trained());
    for (const h of HORIZONS) expect(metrics.horizons[h]!.model).toEqual(metrics.horizons[h]!.baseRate);
    expect(metrics.baseline).toMatch(/base rate/);
  });

  it('falls back to the model base when a horizon has no held-out window', () => {
    const r = trained();
    r.metrics.horizons = {};
    expect(moveProbabilities(baseRateModel(r).bundle, [20])[90]).toBeCloseTo(sigmoid(-1), 12);
  });
});

describe('withBaseRate', () => {
  it('replaces only the horizons without skill, and says so in their held-out scores', () => {
    const r = trained();
    r.metrics.horizons[30] = { ...r.metrics.horizons[30]!, model: score(0.2), baseRate: score(0.18) }; // worse than the rate
    r.metrics.horizons[90] = { ...r.metrics.horizons[90]!, model: score(0.1), baseRate: score(0.18) };
    r.metrics.horizons[180] = { ...r.metrics.horizons[180]!, model: score(0.1), baseRate: score(0.18) };
    expect(horizonsWithoutSkill(r.metrics)).toEqual([30]);
    const { bundle, metrics } = withBaseRate(r, horizonsWithoutSkill(r.metrics));
    expect(bundle.horizons[30].model.trees).toEqual([]);
    expect(bundle.horizons[90].model.trees).toHaveLength(1);
    expect(moveProbabilities(bundle, [20])[30]).toBeCloseTo(0.05, 12);
    expect(metrics.horizons[30]).toMatchObject({ baseRateOnly: true, model: score(0.18) });
    expect(metrics.horizons[90]!.baseRateOnly).toBeUndefined();
  });
});
