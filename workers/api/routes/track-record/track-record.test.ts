import { beforeAll, describe, expect, it } from 'vitest';
import { modelEvaluations, modelVersions } from '../../../../db/schema';
import { createTestDb, type TestDb } from '../../../../test/helpers/db';
import { testApi } from '../../../../test/helpers/api';

let tdb: TestDb;
let api: ReturnType<typeof testApi>;

type Row = { horizon_days: number; evaluation_type: string; evaluation_name: string; model_version: string; censored: number | null };
const keys = (rows: Row[]) => rows.map((e) => `${e.horizon_days} ${e.evaluation_type} ${e.evaluation_name} ${e.model_version}`);

beforeAll(async () => {
  tdb = await createTestDb('track_record');
  api = testApi(tdb);
  const base = { modelName: 'transferlens', trainingSamples: 1000, positiveSamples: 100, featureCount: 12, featuresUsed: ['age'], metrics: {}, artifact: {} };
  const [v1, v2, v3] = await tdb.db.insert(modelVersions).values([
    { ...base, modelVersion: 'tl-2024-05-01', trainingAsOf: new Date('2024-05-01T00:00:00Z') },
    { ...base, modelVersion: 'tl-2024-06-01', trainingAsOf: new Date('2024-06-01T00:00:00Z'), status: 'deployed' },
    // Would leak: trained on data after T, though its evaluation below closes before T.
    { ...base, modelVersion: 'tl-2024-12-10', trainingAsOf: new Date('2024-12-10T00:00:00Z') },
  ]).returning();
  const ev = (model: { id: string }, type: string, month: string, end: string, horizon: number, n: number, positives: number, brier: number, more: object = {}) => ({
    modelVersionId: model.id, evaluationType: type, evaluationName: month, evaluationStart: new Date(`${month}-01T00:00:00Z`), evaluationEnd: new Date(`${end}T00:00:00Z`),
    horizonDays: horizon, totalPredictions: n, totalPositives: positives, brierScore: brier, aucRoc: 0.7, calibrationBins: [], ...more,
  });
  const bin = (b: number, count: number, meanPredicted: number, observedRate: number) => ({ bin: b, count, meanPredicted, observedRate });
  await tdb.db.insert(modelEvaluations).values([
    // Inserted out of order: the response orders them.
    ev(v2!, 'live', '2024-06', '2024-07-30', 30, 50, 4, 0.05, { details: { censored: 0 } }),
    ev(v2!, 'backtest', '2024-06', '2024-07-30', 30, 300, 30, 0.06, { details: { censored: 5 }, calibrationBins: [bin(3, 300, 0.12, 0.1)] }),
    ev(v1!, 'backtest', '2024-05', '2024-06-29', 30, 100, 10, 0.1, { details: { baseRate: 0.1 }, calibrationBins: [bin(0, 50, 0.05, 0.04), bin(9, 50, 0.15, 0.16)] }),
    ev(v1!, 'live', '2024-05', '2024-08-28', 90, 200, 30, 0.08),
    // Not a forecast scored against what happened next: never in the track record.
    { ...ev(v1!, 'holdout', '2024-03', '2024-04-01', 30, 900, 90, 0.01), evaluationName: 'holdout' },
    // Would leak: its window closes after T.
    ev(v2!, 'live', '2024-09', '2024-12-29', 90, 70, 7, 0.2),
    // Would leak: its model was trained after T.
    ev(v3!, 'backtest', '2024-07', '2024-08-29', 30, 1000, 100, 0.3),
  ]);
});

describe('GET /api/v1/track-record', () => {
  it('lists the scored months of every model version trained by T, ordered by horizon, type and month', async () => {
    const { status, body } = await api.get('/api/v1/track-record?as_of=2024-11-01');
    expect(status).toBe(200);
    expect(keys(body.evaluations)).toEqual([
      '30 backtest 2024-05 tl-2024-05-01',
      '30 backtest 2024-06 tl-2024-06-01',
      '30 live 2024-06 tl-2024-06-01',
      '90 live 2024-05 tl-2024-05-01',
    ]);
    expect(body.evaluations.map((e: Row) => e.censored)).toEqual([null, 5, 0, null]);
    expect(body.evaluations[1]).toMatchObject({ evaluation_start: '2024-06-01T00:00:00.000Z', evaluation_end: '2024-07-30T00:00:00.000Z', total_predictions: 300, brier_score: 0.06 });
    expect(body.as_of).toBe('2024-11-01T00:00:00.000Z');
  });

  it('pools each horizon and type over its months: sums, prediction-weighted Brier, reliability by decile', async () => {
    const { body } = await api.get('/api/v1/track-record?as_of=2024-11-01');
    expect(body.summary.map((s: Row) => `${s.horizon_days} ${s.evaluation_type}`)).toEqual(['30 backtest', '30 live', '90 live']);
    const [replayed30, live30] = body.summary;
    expect(replayed30).toMatchObject({
      evaluations: 2, months: 2, model_versions: 2, total_predictions: 400, total_positives: 40, censored: 5,
      first_start: '2024-05-01T00:00:00.000Z', last_end: '2024-07-30T00:00:00.000Z',
    });
    expect(replayed30.base_rate).toBeCloseTo(0.1);
    expect(replayed30.brier_score).toBeCloseTo((0.1 * 100 + 0.06 * 300) / 400);
    expect(replayed30.calibration_bins).toHaveLength(2);
    expect(replayed30.calibration_bins[0]).toMatchObject({ bin: 0, count: 50, meanPredicted: 0.05, observedRate: 0.04 });
    expect(replayed30.calibration_bins[1]).toMatchObject({ bin: 1, count: 350 });
    expect(replayed30.calibration_bins[1].meanPredicted).toBeCloseTo((0.15 * 50 + 0.12 * 300) / 350);
    expect(replayed30.calibration_bins[1].observedRate).toBeCloseTo((0.16 * 50 + 0.1 * 300) / 350);
    expect(live30).toMatchObject({ months: 1, total_predictions: 50, brier_score: 0.05, censored: 0, calibration_bins: [] });
    expect(body.summary[2]).toMatchObject({ total_predictions: 200, censored: null });
  });

  it('filters by horizon and type', async () => {
    const h90 = await api.get('/api/v1/track-record?as_of=2024-11-01&horizon_days=90');
    expect(keys(h90.body.evaluations)).toEqual(['90 live 2024-05 tl-2024-05-01']);
    expect(h90.body.summary).toHaveLength(1);
    const live = await api.get('/api/v1/track-record?as_of=2024-11-01&evaluation_type=live');
    expect(keys(live.body.evaluations)).toEqual(['30 live 2024-06 tl-2024-06-01', '90 live 2024-05 tl-2024-05-01']);
    expect(live.body.summary.map((s: Row) => s.evaluation_type)).toEqual(['live', 'live']);
    const replayed30 = await api.get('/api/v1/track-record?as_of=2024-11-01&evaluation_type=backtest&horizon_days=30');
    expect(replayed30.body.summary).toHaveLength(1);
    expect(replayed30.body.evaluations).toHaveLength(2);
  });

  it('travels in time: later instants see later windows and later models; earlier ones see fewer', async () => {
    const now = await api.get('/api/v1/track-record');
    expect(keys(now.body.evaluations)).toContain('30 backtest 2024-07 tl-2024-12-10');
    expect(keys(now.body.evaluations)).toContain('90 live 2024-09 tl-2024-06-01');
    expect(now.body.evaluations.some((e: Row) => e.evaluation_type === 'holdout')).toBe(false);
    const early = await api.get('/api/v1/track-record?as_of=2024-07-01');
    expect(keys(early.body.evaluations)).toEqual(['30 backtest 2024-05 tl-2024-05-01']);
    expect(early.body.summary).toMatchObject([{ evaluation_type: 'backtest', total_predictions: 100, model_versions: 1 }]);
    const before = await api.get('/api/v1/track-record?as_of=2024-04-30');
    expect(before.body).toMatchObject({ evaluations: [], summary: [] });
  });

  it('422s on a bad horizon, type or as_of; one round trip', async () => {
    for (const q of ['horizon_days=45', 'horizon_days=ninety', 'evaluation_type=holdout', 'evaluation_type=guess', 'as_of=yesterday', 'as_of=2999-01-01']) {
      const { status, body } = await api.get(`/api/v1/track-record?${q}`);
      expect(status, q).toBe(422);
      expect(body.error.code, q).toBe('validation_error');
    }
    expect(await api.roundTripsOf(() => api.get('/api/v1/track-record?horizon_days=30'))).toBe(1);
    expect(await api.roundTripsOf(() => api.get('/api/v1/track-record?as_of=2024-11-01'))).toBe(1);
  });
});
