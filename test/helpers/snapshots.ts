/** Prediction snapshots for API tests: one real row per call, with the window the database demands. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { predictionSnapshots } from '../../db/schema';

export async function insertSnapshot(
  db: Db,
  v: { playerId: string; asOf: string; probability: number } & Omit<Partial<typeof predictionSnapshots.$inferInsert>, 'asOf'>,
) {
  const horizon = v.horizonDays ?? 90;
  const start = v.asOf.slice(0, 10);
  const end = new Date(Date.parse(`${start}T00:00:00Z`) + horizon * 86_400_000).toISOString().slice(0, 10);
  const [row] = await db
    .insert(predictionSnapshots)
    .values({
      snapshotId: `test-${randomUUID()}`,
      modelVersion: 'test-v1',
      modelName: 'test',
      horizonDays: horizon,
      windowStart: start,
      windowEnd: end,
      driversJson: { market_value: 0.1 },
      ...v,
      asOf: new Date(v.asOf),
    })
    .returning();
  return row!;
}
