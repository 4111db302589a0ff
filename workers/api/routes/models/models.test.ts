import { beforeAll, describe, expect, it } from 'vitest';
import { modelEvaluations, modelVersions } from '../../../../db/schema';
import { createTestDb, type TestDb } from '../../../../test/helpers/db';
import { testApi } from '../../../../test/helpers/api';

let tdb: TestDb;
let api: ReturnType<typeof testApi>;

beforeAll(async () => {
  tdb = await createTestDb('models');
  api = testApi(tdb);
  const base = { modelName: 'transferlens', trainingSamples: 1000, positiveSamples: 100, featureCount: 12, featuresUsed: ['age'], artifact: { secret: 'weights' } };
  const [v1] = await tdb.db.insert(modelVersions).values({ ...base, modelVersion: 'tl-2024-06-01', trainingAsOf: new Date('2024-06-01T00:00:00Z'), metrics: { h90: { auc: 0.66 } }, status: 'deployed' }).returning();
  // Would leak: trained on data after T.
  await tdb.db.insert(modelVersions).values({ ...base, modelVersion: 'tl-2024-12-10', trainingAsOf: new Date('2024-12-10T00:00:00Z'), metrics: { h90: { auc: 0.7 } } });
  const ev = (name: string, start: string, end: string, horizon: number, auc: number) => ({
    modelVersionId: v1!.id, evaluationType: 'live', evaluationName: name, evaluationStart: new Date(start), evaluationEnd: new Date(end),
    horizonDays: horizon, totalPredictions: 500, totalPositives: 60, aucRoc: auc, brierScore: 0.08, calibrationBins: [{ p: 0.1, observed: 0.12 }],
  });
  await tdb.db.insert(modelEvaluations).values([
    ev('2024-07', '2024-07-01T00:00:00Z', '2024-09-29T00:00:00Z', 90, 0.67),
    ev('2024-07', '2024-07-01T00:00:00Z', '2024-07-31T00:00:00Z', 30, 0.64),
    // Would leak: its window closes after T.
    ev('2024-09', '2024-09-01T00:00:00Z', '2024-11-30T00:00:00Z', 90, 0.69),
  ]);
});

describe('GET /api/v1/models', () => {
  it('lists models trained by T, without their artifacts', async () => {
    const { status, body } = await api.get('/api/v1/models?as_of=2024-11-01');
    expect(status).toBe(200);
    expect(body.models.map((m: { model_version: string }) => m.model_version)).toEqual(['tl-2024-06-01']);
    expect(body.models[0]).toMatchObject({ status: 'deployed', evaluations_count: 2, metrics: { h90: { auc: 0.66 } } });
    expect(JSON.stringify(body)).not.toContain('weights');
    expect((await api.get('/api/v1/models')).body.models).toHaveLength(2);
  });

  it('shows one model with the track record scored by T', async () => {
    const { body } = await api.get('/api/v1/models/tl-2024-06-01?as_of=2024-11-01');
    expect(body.evaluations.map((e: { horizon_days: number; auc_roc: number }) => [e.horizon_days, e.auc_roc])).toEqual([[30, 0.64], [90, 0.67]]);
    const h90 = await api.get('/api/v1/models/tl-2024-06-01?horizon_days=90');
    expect(h90.body.evaluations).toHaveLength(2);
    expect(h90.body.evaluations[0].calibration_bins).toEqual([{ p: 0.1, observed: 0.12 }]);
  });

  it('404s for unknown or not-yet-trained versions; 422 on bad input; one round trip', async () => {
    expect((await api.get('/api/v1/models/tl-2024-12-10?as_of=2024-11-01')).status).toBe(404);
    expect((await api.get('/api/v1/models/nope')).status).toBe(404);
    expect((await api.get('/api/v1/models/tl-2024-06-01?evaluation_type=guess')).status).toBe(422);
    expect((await api.get('/api/v1/models/bad%20version')).status).toBe(422);
    expect(await api.roundTripsOf(() => api.get('/api/v1/models/tl-2024-06-01'))).toBe(1);
  });
});
