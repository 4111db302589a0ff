/** The typed client the site uses, driven against the real app: types and runtime agree. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db';
import { insertPlayer } from '../../test/helpers/factories';
import { testApi } from '../../test/helpers/api';
import { createApiClient } from './client';

let tdb: TestDb;
let client: ReturnType<typeof createApiClient>;

beforeAll(async () => {
  tdb = await createTestDb('client');
  await insertPlayer(tdb.db, { name: 'Client Player', slug: 'client-player' });
  const { app, env } = testApi(tdb);
  client = createApiClient('http://api.internal', { fetch: ((input: RequestInfo | URL, init?: RequestInit) => app.request(input, init, env)) as typeof fetch });
});

describe('createApiClient', () => {
  it('calls typed routes with params and queries', async () => {
    const res = await client.api.v1.players[':id'].$get({ param: { id: 'client-player' }, query: { as_of: '2024-06-01' } });
    expect(res.status).toBe(200);
    if (res.status !== 200) return;
    const player = await res.json();
    expect(player.name).toBe('Client Player');
    expect(player.as_of).toBe('2024-06-01T00:00:00.000Z');
    const search = await client.api.v1.search.$get({ query: { q: 'client' } });
    expect(search.ok && (await search.json()).results[0]?.slug).toBe('client-player');
    const record = await client.api.v1['track-record'].$get({ query: { horizon_days: '90', evaluation_type: 'live' } });
    expect(record.ok && (await record.json()).evaluations).toEqual([]);
  });

  it('surfaces the error shape on failures', async () => {
    const res = await client.api.v1.players[':id'].$get({ param: { id: 'nobody' }, query: {} });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
