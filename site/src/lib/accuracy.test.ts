import { describe, expect, it } from 'vitest';
import { evaluation, evaluationKind, headline, holdoutEvaluations, overTime, pooledBins } from './accuracy';

const row = (over: Record<string, unknown>) => ({
  evaluation_type: 'live', evaluation_name: '2024-06', evaluation_start: '2024-06-01', evaluation_end: '2024-06-30',
  horizon_days: 90, total_predictions: 100, total_positives: 10, brier_score: 0.08, auc_roc: 0.71, calibration_bins: [], ...over,
});

describe('accuracy shaping', () => {
  it('prefers the latest live evaluation for the headline', () => {
    const evals = [row({ evaluation_type: 'holdout', evaluation_end: '2024-09-01' }), row({}), row({ evaluation_start: '2024-07-01', evaluation_end: '2024-07-31', brier_score: 0.07 })].map(evaluation);
    expect(headline(evals, 90)?.brier).toBe(0.07);
    expect(headline(evals, 30)).toBeNull();
  });
  it('headlines a replayed (backtest) month over the holdout, and a published (live) month over both', () => {
    const holdout = row({ evaluation_type: 'holdout', evaluation_end: '2024-12-01', brier_score: 0.05 });
    const replayed = row({ evaluation_type: 'backtest', brier_score: 0.09 });
    expect(headline([holdout, replayed].map(evaluation), 90)?.type).toBe('backtest');
    expect(headline([holdout, replayed, row({ evaluation_end: '2024-01-31' })].map(evaluation), 90)?.type).toBe('live');
  });
  it('says in plain words what each kind of score was computed on, so replayed scores never pass for published ones', () => {
    expect(evaluationKind('backtest')).toEqual({ label: 'replayed', scoredOn: 'on predictions replayed from the data available at the time, computed later' });
    expect(evaluationKind('live')).toEqual({ label: 'published', scoredOn: 'on published predictions' });
    expect(evaluationKind('holdout').label).toBe('held out');
    expect(evaluationKind('something new').label).toBe('held out');
  });
  it('lists scored windows oldest first, without the training holdout', () => {
    const evals = [row({ evaluation_start: '2024-07-01' }), row({ evaluation_type: 'holdout' }), row({ evaluation_start: '2024-05-01' })].map(evaluation);
    expect(overTime(evals, 90).map((e) => e.start)).toEqual(['2024-05-01', '2024-07-01']);
  });
  it('pools calibration bins by decile, weighted by count', () => {
    const evals = [
      row({ calibration_bins: [{ bin: 1, meanPredicted: 0.12, observedRate: 0.1, count: 10 }] }),
      row({ calibration_bins: [{ bin: 1, meanPredicted: 0.18, observedRate: 0.4, count: 30 }, { bin: 5, meanPredicted: 0.5, observedRate: 0.5, count: 0 }] }),
    ].map(evaluation);
    const [b] = pooledBins(evals);
    expect(b!.n).toBe(40);
    expect(b!.predicted).toBeCloseTo((0.12 * 10 + 0.18 * 30) / 40);
    expect(b!.observed).toBeCloseTo((0.1 * 10 + 0.4 * 30) / 40);
    expect(pooledBins(evals)).toHaveLength(1);
  });
});

describe('training holdout as a track record', () => {
  it('turns stored model metrics into evaluations with skill over the base rate', () => {
    const metrics = {
      holdoutDates: ['2023-06-30', '2023-12-31'],
      horizons: { '90': { model: { n: 500, positives: 50, auc: 0.74, brier: 0.08, ece: 0.01, reliability: [{ bin: 0, count: 500, meanPredicted: 0.1, observedRate: 0.1 }] }, baseRate: { brier: 0.1 } } },
    };
    const [e] = holdoutEvaluations({ metrics, training_as_of: '2024-12-12T00:00:00Z' });
    expect(e).toMatchObject({ type: 'holdout', horizon: 90, n: 500, auc: 0.74, brier: 0.08, start: '2023-06-30', end: '2023-12-31' });
    expect(e!.brierSkill).toBeCloseTo(0.2);
    expect(e!.bins).toEqual([{ predicted: 0.1, observed: 0.1, n: 500 }]);
    expect(holdoutEvaluations(null)).toEqual([]);
  });
});
