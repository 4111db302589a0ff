/**
 * Smoke test in workerd: bundles the API Worker exactly as a deploy would (wrangler deploy --dry-run) and runs the
 * bundle in Miniflare against the test database, proving the Worker needs nothing Node-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db';
import { insertClub, insertPlayer, insertTransfer } from '../../test/helpers/factories';
import { apiEnv } from '../../test/helpers/api';
import { bundleWorker, runBundle, type BundledWorker } from '../../test/helpers/workerd';

let tdb: TestDb;
let worker: BundledWorker;

beforeAll(async () => {
  tdb = await createTestDb('workerd');
  const club = await insertClub(tdb.db, { name: 'Workerd FC', slug: 'workerd-fc' });
  const player = await insertPlayer(tdb.db, { name: 'Wanda Worker', slug: 'wanda-worker' });
  await insertTransfer(tdb.db, { playerId: player.id, toClubId: club.id, transferDate: '2024-07-01' });
  const bindings = Object.fromEntries(Object.entries(apiEnv(tdb, { API_CACHE_SECONDS: 60 })).map(([k, v]) => [k, String(v)]));
  worker = runBundle(await bundleWorker('wrangler.toml'), bindings);
}, 120_000);

afterAll(async () => {
  await worker?.dispose();
});

describe('API Worker in workerd', () => {
  it('serves /health with the database reachable through the Neon HTTP driver', async () => {
    const res = await worker.mf.dispatchFetch('http://localhost/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'healthy', database: 'healthy' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves a read endpoint in one round trip, and the edge cache answers the repeat', async () => {
    const before = await tdb.roundTrips();
    const res = await worker.mf.dispatchFetch('http://localhost/api/v1/players/wanda-worker?as_of=2024-12-01');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Wanda Worker', current_club: { name: 'Workerd FC' } });
    expect(res.headers.get('x-cache')).toBe('MISS');
    expect((await tdb.roundTrips()) - before).toBe(1);
    // caches.default: the repeat costs no database round trip.
    const again = await worker.mf.dispatchFetch('http://localhost/api/v1/players/wanda-worker?as_of=2024-12-01');
    expect(again.headers.get('x-cache')).toBe('HIT');
    await again.arrayBuffer();
    expect((await tdb.roundTrips()) - before).toBe(1);
  });

  it('answers malformed input with the JSON error shape', async () => {
    const res = await worker.mf.dispatchFetch('http://localhost/api/v1/market/latest?horizon_days=7');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_error');
  });
});
