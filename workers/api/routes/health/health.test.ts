import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/helpers/db';
import { insertClub, insertPlayer, insertTransfer } from '../../../../test/helpers/factories';
import { testApi, upstashEnv } from '../../../../test/helpers/api';

let tdb: TestDb;

beforeAll(async () => {
  tdb = await createTestDb('health');
  const c = await insertClub(tdb.db);
  await insertTransfer(tdb.db, { playerId: (await insertPlayer(tdb.db)).id, toClubId: c.id, transferDate: '2024-12-12' });
});

describe('probes', () => {
  it('GET / names the API, links the docs and shows freshness', async () => {
    const { status, body } = await testApi(tdb).get('/');
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: 'TransferLens API', docs: '/docs', openapi: '/openapi.json' });
    expect(body.freshness).toMatchObject({ ledger_as_of: '2024-12-12', data_as_of: '2024-12-12T00:00:00.000Z' });
  });

  it('GET /health reports the database, Redis and freshness', async () => {
    const redis = upstashEnv();
    const { status, body, res } = await testApi(tdb, redis ?? {}).get('/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'healthy', database: 'healthy', redis: redis ? 'healthy' : 'not_configured' });
    expect(body.freshness.ledger_as_of).toBe('2024-12-12');
    expect(res.headers.get('ratelimit-limit')).toBeNull();
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('x-response-time')).toMatch(/^\d+\.\d{2}ms$/);
  });

  it('answers 503 with the same body when the database is unreachable', async () => {
    const down = testApi(tdb, { NEON_FETCH_ENDPOINT: 'http://127.0.0.1:9/sql', UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9' });
    const health = await down.get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unhealthy', database: 'unhealthy', redis: 'unhealthy', freshness: null });
    const ready = await down.get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false, checks: { database: false } });
    expect((await down.get('/live')).body).toEqual({ alive: true });
    const read = await down.get('/api/v1/transfers');
    expect(read.status).toBe(503);
    expect(read.body.error.code).toBe('database_unavailable');
    expect(read.res.headers.get('retry-after')).toBe('5');
    // Restore the driver's endpoint for the other tests of this file (it is per isolate).
    expect((await testApi(tdb).get('/ready')).body).toEqual({ ready: true, checks: { database: true } });
  });
});
