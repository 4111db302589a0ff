import { describe, expect, it } from 'vitest';
import { evaluation, headline, overTime, pooledBins } from './accuracy';

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
  it('lists scored windows oldest first, without the training holdout', () => {
    const evals = [row({ evaluation_start: '2024-07-01' }), row({ evaluation_type: 'holdout' }), row({ evaluation_start: '2024-05-01' })].map(evaluation);
    expect(overTime(evals, 90).map((e) => e.start)).toEqual(['2024-05-01', '2024-07-01']);
  });
  it('pools calibration bins by decile, weighted by count', () => {
    const evals = [
      row({ calibration_bins: [{ mean_predicted: 0.12, observed: 0.1, n: 10 }] }),
      row({ calibration_bins: [{ mean_predicted: 0.18, observed: 0.4, n: 30 }, { mean_predicted: 0.5, observed: 0.5, n: 0 }] }),
    ].map(evaluation);
    const [b] = pooledBins(evals);
    expect(b!.n).toBe(40);
    expect(b!.predicted).toBeCloseTo((0.12 * 10 + 0.18 * 30) / 40);
    expect(b!.observed).toBeCloseTo((0.1 * 10 + 0.4 * 30) / 40);
    expect(pooledBins(evals)).toHaveLength(1);
  });
});
