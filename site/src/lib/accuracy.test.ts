import { describe, expect, it } from 'vitest';
import { byMonth, evaluation, evaluationKind, headline, holdoutEvaluations, pooled } from './accuracy';

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
  it('reads the model version and the forecasts not scored (censored), null when a row does not say', () => {
    expect(evaluation(row({ model_version: 'tl-2024-06-01', censored: 12 }))).toMatchObject({ modelVersion: 'tl-2024-06-01', censored: 12 });
    expect(evaluation(row({ censored: null }))).toMatchObject({ modelVersion: null, censored: null });
    expect(evaluation(row({ censored: 0 })).censored).toBe(0);
  });
  it('goes month by month per horizon and type, oldest first, merging the model versions of a month exactly', () => {
    const evals = [
      row({ evaluation_start: '2024-07-01', model_version: 'a', total_predictions: 100, brier_score: 0.1, precision_at_20: 0.5 }),
      row({ evaluation_start: '2024-07-01', model_version: 'b', total_predictions: 300, brier_score: 0.06, precision_at_20: 0.3 }),
      row({ evaluation_start: '2024-05-01', model_version: 'a', brier_score: 0.09, precision_at_20: null }),
      row({ evaluation_start: '2024-06-01', evaluation_type: 'backtest' }),
      row({ evaluation_start: '2024-06-01', horizon_days: 30 }),
      row({ evaluation_type: 'holdout' }),
    ].map(evaluation);
    const months = byMonth(evals, 90, 'live');
    expect(months.map((m) => m.start)).toEqual(['2024-05-01', '2024-07-01']);
    expect(months[0]).toEqual({ start: '2024-05-01', n: 100, brier: 0.09, precisionAt20: null, modelVersions: ['a'] });
    expect(months[1]!.n).toBe(400);
    expect(months[1]!.brier).toBeCloseTo((0.1 * 100 + 0.06 * 300) / 400);
    expect(months[1]!.precisionAt20).toBeCloseTo(0.4);
    expect(months[1]!.modelVersions).toEqual(['a', 'b']);
    expect(byMonth(evals, 90, 'backtest').map((m) => m.start)).toEqual(['2024-06-01']);
    expect(byMonth(evals, 180, 'live')).toEqual([]);
  });
  it('reads a pooled summary row, keeping its reliability bins', () => {
    const p = pooled({ horizon_days: 30, evaluation_type: 'backtest', months: 2, model_versions: 2, first_start: '2024-05-01T00:00:00.000Z', last_end: '2024-07-30T00:00:00.000Z',
      total_predictions: 400, total_positives: 40, brier_score: 0.07, censored: null, calibration_bins: [{ bin: 1, count: 350, meanPredicted: 0.12, observedRate: 0.1 }] });
    expect(p).toEqual({ type: 'backtest', horizon: 30, months: 2, modelVersions: 2, start: '2024-05-01T00:00:00.000Z', end: '2024-07-30T00:00:00.000Z',
      n: 400, positives: 40, brier: 0.07, censored: null, bins: [{ predicted: 0.12, observed: 0.1, n: 350 }] });
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
