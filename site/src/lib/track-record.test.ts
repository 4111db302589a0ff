import { describe, expect, it } from 'vitest';
import { evaluation } from './accuracy';
import { trackRecordLine } from './track-record';

const model = { model_version: 'gbm-2024-12-12-abc', status: 'deployed', training_as_of: '2024-12-12T00:00:00Z',
  metrics: { horizons: { '90': { model: { n: 500, positives: 50, auc: 0.74, brier: 0.08 }, baseRate: { brier: 0.1 } } } } };
const scored = (type: string) => evaluation({ evaluation_type: type, evaluation_name: '2024-06', evaluation_start: '2024-06-01', evaluation_end: '2024-06-30',
  horizon_days: 90, total_predictions: 100, total_positives: 10, brier_score: 0.09, brier_skill: 0.1, auc_roc: 0.7 });

describe('the track record line', () => {
  it('says replayed scores were computed later from the data of the time, not on published predictions', () => {
    const line = trackRecordLine(model, [scored('backtest')]);
    expect(line).toBe('Model gbm-2024-12-12-abc · AUC 0.70 · Brier skill +0.10 against the base rate at 90 days, on predictions replayed from the data available at the time, computed later.');
    expect(line).not.toMatch(/published/);
  });
  it('says published for live scores and held-out for the training holdout', () => {
    expect(trackRecordLine(model, [scored('live'), scored('backtest')])).toMatch(/at 90 days, on published predictions\.$/);
    expect(trackRecordLine(model)).toBe('Model gbm-2024-12-12-abc · AUC 0.74 · Brier skill +0.20 against the base rate at 90 days, on a held-out window at training.');
    expect(trackRecordLine(null)).toMatch(/No model has been scored yet/);
  });
});
