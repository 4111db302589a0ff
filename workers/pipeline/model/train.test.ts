import { describe, expect, it } from 'vitest';
import { seasonalWorld } from '../../../test/helpers/tiny-dataset';
import { candidateDestinations } from './destinations';
import { predictPlayer } from './predict';
import { averageModels } from './gbm';
import { inSeason, seasonalDates, shouldPromote, trainBundle, TRAINING_BAG, type TrainingMetrics } from './train';

describe('trainBundle', () => {
  const ds = seasonalWorld();
  const T = new Date('2024-06-01T00:00:00Z');
  const trained = trainBundle(ds, T, { gbm: { trees: 40, learningRate: 0.1, minLeaf: 20 } });

  it('trains on T’s calendar date in earlier years, holding out the latest year', () => {
    expect(seasonalDates(T.getTime()).map((d) => new Date(d.at).toISOString().slice(0, 10)).slice(0, 3)).toEqual(['2023-05-25', '2023-06-01', '2023-06-08']);
    expect(trained.metrics.holdoutDates).toEqual(['2023-05-25', '2023-06-01', '2023-06-08']);
    expect(trained.trainingSamples).toBe(3 * 9 * 400); // 3 horizons x 9 dates (years 1-3, +-7 days) x 400 players
    expect(trained.positiveSamples).toBeGreaterThan(0);
  });

  it('makes each model a bag of seeds seed, seed + 1, ... and stays deterministic', () => {
    const gbm = { trees: 40, learningRate: 0.1, minLeaf: 20 };
    expect(trained.bundle.horizons[90].model.trees).toHaveLength(TRAINING_BAG * 40);
    expect(JSON.stringify(trainBundle(ds, T, { gbm }).bundle)).toBe(JSON.stringify(trained.bundle));
    // A bag of one is the plain model on the first seed; a bag of two shares its first member.
    const one = trainBundle(ds, T, { gbm, bag: 1 }).bundle.horizons[90].model;
    expect(one.trees).toHaveLength(40);
    const two = trainBundle(ds, T, { gbm, bag: 2 }).bundle.horizons[90].model;
    const second = trainBundle(ds, T, { gbm, bag: 1, seed: 8 }).bundle.horizons[90].model;
    expect(JSON.stringify(two)).toBe(JSON.stringify(averageModels([one, second])));
  });

  it('learns the rule and beats the base rate on the held-out window', () => {
    const h90 = trained.metrics.horizons[90]!;
    expect(h90.model.auc).toBeGreaterThan(0.65); // the rule itself ranks at about 0.7 (12% of players joined free)
    expect(h90.model.brier).toBeLessThan(h90.baseRate.brier);
    expect(shouldPromote(trained.metrics)).toBe(true);
    const worse: TrainingMetrics = { ...trained.metrics, horizons: { ...trained.metrics.horizons, 90: { ...h90, model: h90.baseRate } } };
    expect(shouldPromote(worse)).toBe(false);
    expect(shouldPromote(trained.metrics, worse)).toBe(true);
    expect(shouldPromote(worse, trained.metrics)).toBe(false);
  });

  it('predicts coherent probabilities: non-decreasing in H, destinations summing to at most P(move)', () => {
    const bundle = JSON.parse(JSON.stringify(trained.bundle)); // as stored in model_versions.artifact
    for (const id of ['p0', 'p1', 'p2', 'p3']) {
      const candidates = candidateDestinations(ds, id, T, { seed: 1 });
      const p = predictPlayer(bundle, ds, id, T, candidates);
      expect(p.move[30]).toBeLessThanOrEqual(p.move[90]);
      expect(p.move[90]).toBeLessThanOrEqual(p.move[180]);
      for (const h of [30, 90, 180] as const) {
        expect(p.destinations.reduce((s, d) => s + d.p[h], 0)).toBeLessThanOrEqual(p.move[h] + 1e-12);
      }
      expect(p.drivers.length).toBeGreaterThan(0);
      expect(p.drivers.every((d) => typeof d.label === 'string' && d.label.length > 0)).toBe(true);
    }
    // Joining without a fee drives moves in this world, and the drivers say so.
    const free = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'].map((id) => predictPlayer(bundle, ds, id, T, [])).find((p) => p.features.joined_without_fee === 1)!;
    expect(free.drivers.find((d) => d.feature === 'joined_without_fee')?.contribution).toBeGreaterThan(0);
  });
});

describe('promotion rules', () => {
  const held = (model: number, baseRateOnly?: boolean) => ({
    model: { brier: model } as never, baseRate: { brier: 0.2 } as never, trainingRate: 0.2, calibrated: null, ...(baseRateOnly ? { baseRateOnly } : {}),
  });
  const metrics = (h30: ReturnType<typeof held>, h90: ReturnType<typeof held>, h180: ReturnType<typeof held>): TrainingMetrics => ({ holdoutDates: [], horizons: { 30: h30, 90: h90, 180: h180 } });

  it('accepts a horizon that forecasts its base rate, but not a candidate that is only base rates', () => {
    expect(shouldPromote(metrics(held(0.2, true), held(0.18), held(0.18)))).toBe(true);
    expect(shouldPromote(metrics(held(0.21), held(0.18), held(0.18)))).toBe(false); // a model worse than its rate
    expect(shouldPromote(metrics(held(0.2, true), held(0.2, true), held(0.2, true)))).toBe(false);
  });

  it('counts a model in season for two weeks after its training date', () => {
    const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
    expect(inSeason(d('2024-06-01'), d('2024-06-15'))).toBe(true);
    expect(inSeason(d('2024-06-01'), d('2024-06-16'))).toBe(false);
    expect(inSeason(d('2024-01-01'), d('2024-04-01'))).toBe(false);
    expect(inSeason(d('2024-06-02'), d('2024-06-01'))).toBe(false); // trained after the day: not in force
  });
});
