/**
 * A Worker chunk sees the same world as the CLI: features and candidate destinations computed from a chunk's
 * dataset (population context + the chunk's full history) equal those from the whole dataset, on the fixture.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { ingestReal } from '../ingest/ingest';
import { candidateDestinations } from '../model/destinations';
import { activePlayers, buildFeatures } from '../model/features';
import { asOfInstant } from '../run/as-of';
import { datasetFor, wholeDataset } from './dataset';
import type { StepContext } from './step';

let t: TestDb;
const AS_OF = '2024-06-01';
const ctx = (keepWholeDataset: boolean): StepContext => ({ db: t.db, asOf: AS_OF, horizons: [30, 90, 180], chunkSize: 40, trainHere: false, memo: new Map(), keepWholeDataset });

beforeAll(async () => {
  t = await createTestDb('chunkds');
  await ingestReal(t.db, { dir: fileURLToPath(new URL('../../../db/seed/fixture', import.meta.url)) });
}, 300_000);

it('gives a chunk the same active players, features and candidates as the whole dataset', async () => {
  const at = asOfInstant(AS_OF);
  const whole = await wholeDataset(ctx(true));
  const active = activePlayers(whole, at);
  expect(active.length).toBeGreaterThan(100);
  const worker = ctx(false);
  for (const chunk of [active.slice(0, 40), active.slice(200, 240)]) {
    const ds = await datasetFor(worker, chunk);
    expect(activePlayers(ds, at).filter((id) => chunk.includes(id))).toEqual(chunk);
    for (const id of chunk) {
      expect(buildFeatures(ds, id, at).values, id).toEqual(buildFeatures(whole, id, at).values);
      expect(candidateDestinations(ds, id, at), id).toEqual(candidateDestinations(whole, id, at));
    }
  }
}, 120_000);
