/** Which model the training step deploys when the model in force is out of season, on a real database. */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelVersions } from '../../../db/schema';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { seasonalWorld } from '../../../test/helpers/tiny-dataset';
import type { TrainingMetrics } from '../model/train';
import type { BinaryScore } from '../model/types';
import { trainAndRegister } from './model-train';

const score = (brier: number) => ({ brier }) as BinaryScore;

describe('trainAndRegister and the season of the model in force', () => {
  let t: TestDb;
  const deployed = async () =>
    (await t.db.execute<{ model_version: string; trained: string }>(sql`
      SELECT model_version, to_char(training_as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS trained FROM model_versions WHERE status = 'deployed'`)).rows;
  /** A deployed model with near-perfect held-out skill on every horizon: hard to beat while it is in season. */
  const strongModel = (version: string, trainedAsOf: string) => {
    const held = { model: score(0.01), baseRate: score(0.2), trainingRate: 0.2, calibrated: null };
    const metrics: TrainingMetrics = { holdoutDates: [], horizons: { 30: held, 90: held, 180: held } };
    return t.db.insert(modelVersions).values({
      modelName: 'transferlens-gbm', modelVersion: version, trainingAsOf: new Date(`${trainedAsOf}T00:00:00Z`), trainingSamples: 1, positiveSamples: 1,
      featureCount: 1, featuresUsed: [], metrics, artifact: {}, status: 'deployed', deployedAt: new Date(`${trainedAsOf}T06:00:00Z`),
    });
  };

  beforeAll(async () => {
    t = await createTestDb('modeltrain');
  });

  it('replaces a model trained for another season, however good it was there', async () => {
    await strongModel('strong-january', '2024-01-01');
    const r = await trainAndRegister(t.db, '2024-06-01', async () => seasonalWorld());
    expect(r).toMatchObject({ trained: true, promoted: true });
    expect(await deployed()).toEqual([{ model_version: r.version, trained: '2024-06-01' }]);
  });

  it('keeps a better model in season', async () => {
    await t.db.execute(sql`UPDATE model_versions SET status = 'archived' WHERE status = 'deployed'`);
    await strongModel('strong-june', '2024-06-03');
    const r = await trainAndRegister(t.db, '2024-06-05', async () => seasonalWorld());
    expect(r).toMatchObject({ trained: true, promoted: false, baseline: false });
    expect(await deployed()).toEqual([{ model_version: 'strong-june', trained: '2024-06-03' }]);
  });
});
