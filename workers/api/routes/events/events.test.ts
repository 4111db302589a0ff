import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/helpers/db';
import { insertClub, insertPlayer } from '../../../../test/helpers/factories';
import { testApi } from '../../../../test/helpers/api';

let tdb: TestDb;
let api: ReturnType<typeof testApi>;
const ids: Record<string, string> = {};
const count = async () => Number((await tdb.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM user_events`)).rows[0]!.n);
const base = { user_anon_id: 'anon_1', session_id: 'sess_1' };

beforeAll(async () => {
  tdb = await createTestDb('events');
  api = testApi(tdb);
  ids.p = (await insertPlayer(tdb.db)).id;
  ids.c = (await insertClub(tdb.db)).id;
});

describe('POST /api/v1/events/user', () => {
  it('records one event (202) and a batch, all or nothing', async () => {
    const one = await api.post('/api/v1/events/user', { ...base, event_type: 'player_view', player_id: ids.p, event_props_json: { referrer: 'search' } });
    expect(one.status).toBe(202);
    expect(one.body).toEqual({ success: true, accepted: 1 });
    expect(one.res.headers.get('cache-control')).toBe('no-store');
    const batch = await api.post('/api/v1/events/user', [
      { ...base, event_type: 'page_view' },
      { ...base, event_type: 'club_view', club_id: ids.c, device_type: 'mobile', country_code: 'GB' },
    ]);
    expect(batch.body.accepted).toBe(2);
    expect(await count()).toBe(3);
  });

  it('rejects unknown player or club ids with 422 naming them, and writes nothing', async () => {
    const before = await count();
    const r = await api.post('/api/v1/events/user', [
      { ...base, event_type: 'page_view' },
      { ...base, event_type: 'player_view', player_id: '00000000-0000-4000-8000-000000000000' },
      { ...base, event_type: 'club_view', club_id: '00000000-0000-4000-8000-000000000001' },
    ]);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('unknown_reference');
    expect(r.body.error.details).toEqual([{ path: 'json.1.player_id', message: 'unknown id' }, { path: 'json.2.club_id', message: 'unknown id' }]);
    expect(await count()).toBe(before);
  });

  it('never answers 5xx to malformed input', async () => {
    const cases: [unknown, number][] = [
      ['{"user_anon_id": ', 400],
      ['null', 422],
      [[], 422],
      [Array.from({ length: 51 }, () => ({ ...base, event_type: 'page_view' })), 422],
      [{ ...base, event_type: 'invalid_type' }, 422],
      [{ ...base, event_type: 'page_view', player_id: 'not-a-uuid' }, 422],
      [{ ...base, event_type: 'page_view', user_anon_id: 'x'.repeat(101) }, 422],
      [{ ...base, event_type: 'page_view', user_anon_id: 42 }, 422],
      [{ ...base, event_type: 'page_view', occurred_at: '2999-01-01' }, 422],
      [{ ...base, event_type: 'page_view', occurred_at: '2020-01-01' }, 422],
      [{ ...base, event_type: 'page_view', country_code: 'gbr' }, 422],
      [{ ...base, event_type: 'page_view', event_props_json: [1, 2] }, 422],
      [{ ...base, event_type: 'page_view', event_props_json: { big: 'x'.repeat(70_000) } }, 413],
    ];
    for (const [body, status] of cases) {
      const r = await api.post('/api/v1/events/user', body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(r.body.error.request_id).toBe(r.res.headers.get('x-request-id'));
    }
    // One event or a batch: the details name the field of the shape that was sent, not just "Invalid input".
    const details = async (body: unknown) => ((await api.post('/api/v1/events/user', body)).body.error.details as { path: string; message: string }[]);
    expect((await details({ ...base, event_type: 'xyz' })).map((d) => d.path)).toEqual(['json.event_type']);
    expect((await details({ ...base, event_type: 'page_view', occurred_at: 12345 })).map((d) => d.path)).toEqual(['json.occurred_at']);
    expect(await details(Array.from({ length: 51 }, () => ({ ...base, event_type: 'page_view' })))).toEqual([{ path: 'json', message: 'at most 50 events' }]);
    expect((await details([{ ...base, event_type: 'page_view' }, { ...base, event_type: 'xyz' }])).map((d) => d.path)).toEqual(['json.1.event_type']);
    // A string body without a content type is sent as text/plain.
    const noType = await api.request('/api/v1/events/user', { method: 'POST', body: JSON.stringify({ ...base, event_type: 'page_view' }) });
    expect(noType.status).toBe(415);
    const text = await api.request('/api/v1/events/user', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
  });
});
