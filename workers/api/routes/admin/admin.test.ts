import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/helpers/db';
import { insertClub, insertPlayer } from '../../../../test/helpers/factories';
import { ADMIN_KEY, testApi } from '../../../../test/helpers/api';

let tdb: TestDb;
let api: ReturnType<typeof testApi>;
const ids: Record<string, string> = {};
const auth = { authorization: `Bearer ${ADMIN_KEY}` };
const NOBODY = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  tdb = await createTestDb('admin');
  api = testApi(tdb);
  Object.assign(ids, {
    p: (await insertPlayer(tdb.db, { name: 'Admin Player', slug: 'admin-player' })).id,
    a: (await insertClub(tdb.db, { name: 'Alpha FC' })).id,
    b: (await insertClub(tdb.db, { name: 'Beta FC' })).id,
  });
});

const transfer = () => ({ player_id: ids.p, from_club_id: ids.a, to_club_id: ids.b, transfer_type: 'permanent', transfer_date: '2024-07-01', fee_amount_eur: 20_000_000, source: 'test' });

describe('admin auth', () => {
  it('401 with WWW-Authenticate without a key, 403 with a wrong one, before any body validation', async () => {
    const none = await api.post('/api/v1/admin/transfer_events', { nonsense: true });
    expect(none.status).toBe(401);
    expect(none.res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.body.error.code).toBe('unauthorized');
    const bad = await api.post('/api/v1/admin/transfer_events', '{not json', { 'x-api-key': 'wrong' });
    expect(bad.status).toBe(403);
    expect((await api.get('/api/v1/admin/pipeline/runs', { authorization: 'Bearer nope' })).status).toBe(403);
    expect((await api.get('/api/v1/admin/pipeline/runs', { 'x-api-key': ADMIN_KEY })).status).toBe(200);
    expect((await api.get('/api/v1/admin/pipeline/runs', auth)).res.headers.get('cache-control')).toBe('no-store');
  });

  it('503 when the key is unset, or shorter than 32 characters in production', async () => {
    const unset = testApi(tdb, { ADMIN_API_KEY: '' });
    expect((await unset.get('/api/v1/admin/pipeline/runs', { authorization: 'Bearer ' })).status).toBe(503);
    const prod = testApi(tdb, { ENVIRONMENT: 'production', ADMIN_API_KEY: 'short-key', CORS_ORIGINS: 'https://transferlens.example' });
    const r = await prod.get('/api/v1/admin/pipeline/runs', { authorization: 'Bearer short-key' });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('admin_disabled');
  });
});

describe('POST /api/v1/admin/transfer_events', () => {
  it('appends (201), refuses a duplicate (409) and unknown ids (422)', async () => {
    const created = await api.post('/api/v1/admin/transfer_events', transfer(), auth);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ player_id: ids.p, to_club_id: ids.b, is_superseded: false, fee_amount_eur: 20_000_000, fee_type: 'reported' });
    expect(created.body.event_id).toMatch(/^tl-[0-9a-f]{32}-20240701-[0-9a-f]{32}-[0-9a-f]{32}$/);
    const dup = await api.post('/api/v1/admin/transfer_events', transfer(), auth);
    expect(dup.status).toBe(409);
    const unknown = await api.post('/api/v1/admin/transfer_events', { ...transfer(), to_club_id: NOBODY, transfer_date: '2024-07-02' }, auth);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: 'json.to_club_id', message: 'unknown id' }]);
    const same = await api.post('/api/v1/admin/transfer_events', { ...transfer(), to_club_id: ids.a }, auth);
    expect(same.status).toBe(422);
    for (const bad of [{ ...transfer(), transfer_type: 'swap' }, { ...transfer(), transfer_date: '2024-13-01' }, { ...transfer(), fee_amount_eur: -1 },
      { ...transfer(), fee_amount_eur: '1e999' }, { ...transfer(), source_confidence: 2 }, { ...transfer(), player_id: 'abc' },
      { ...transfer(), source_url: 'javascript:alert(1)' }, { ...transfer(), source_url: 'ftp://example.com/x' }]) {
      expect((await api.post('/api/v1/admin/transfer_events', bad, auth)).status).toBe(422);
    }
    expect((await api.post('/api/v1/admin/transfer_events', '{"a":', auth)).status).toBe(400);
  });
});

describe('POST /api/v1/admin/transfer_events/{event_id}/supersede', () => {
  it('inserts the corrected row and marks the old one superseded in one go; the feed shows only the correction', async () => {
    const created = await api.post('/api/v1/admin/transfer_events', { ...transfer(), transfer_date: '2024-08-01', event_id: 'manual-1' }, auth);
    expect(created.status).toBe(201);
    const r = await api.post('/api/v1/admin/transfer_events/manual-1/supersede', { reason: 'fee was 25m', correction: { fee_amount_eur: 25_000_000, fee_type: 'confirmed' } }, auth);
    expect(r.status).toBe(201);
    expect(r.body.superseded).toMatchObject({ event_id: 'manual-1', is_superseded: true, superseded_reason: 'fee was 25m', superseded_by: r.body.corrected.id });
    expect(r.body.corrected).toMatchObject({ event_id: 'manual-1.v2', fee_amount_eur: 25_000_000, fee_type: 'confirmed', transfer_date: '2024-08-01', is_superseded: false });
    const audit = await tdb.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM data_corrections WHERE correction_type = 'supersede'`);
    expect(Number(audit.rows[0]!.n)).toBe(1);
    const feed = await api.get('/api/v1/transfers?player_id=admin-player');
    expect(feed.body.items.map((t: { event_id: string }) => t.event_id)).toContain('manual-1.v2');
    expect(feed.body.items.map((t: { event_id: string }) => t.event_id)).not.toContain('manual-1');
    for (const correction of [{}, { fee_amount_eur: 25_000_000 }, { fee_type: 'confirmed', transfer_date: '2024-08-01' }]) {
      const same = await api.post('/api/v1/admin/transfer_events/manual-1.v2/supersede', { reason: 'nothing new', correction }, auth);
      expect([same.status, same.body.error?.code, same.body.corrected], JSON.stringify(correction)).toEqual([422, 'no_change', undefined]);
    }
    const again = await api.post('/api/v1/admin/transfer_events/manual-1/supersede', { reason: 'again', correction: {} }, auth);
    expect(again.status).toBe(409);
    expect((await api.post('/api/v1/admin/transfer_events/nope/supersede', { reason: 'why', correction: {} }, auth)).status).toBe(404);
    const broken = await api.post('/api/v1/admin/transfer_events/manual-1.v2/supersede', { reason: 'bad', correction: { to_club_id: ids.a } }, auth);
    expect(broken.status).toBe(422);
    const unknown = await api.post('/api/v1/admin/transfer_events/manual-1.v2/supersede', { reason: 'bad', correction: { to_club_id: NOBODY } }, auth);
    expect(unknown.status).toBe(422);
    // Both failures left the row untouched.
    const row = await tdb.db.execute<{ is_superseded: boolean }>(sql`SELECT is_superseded FROM transfer_events WHERE event_id = 'manual-1.v2'`);
    expect(row.rows[0]!.is_superseded).toBe(false);
  });
});

describe('POST /api/v1/admin/signal_events', () => {
  const signal = () => ({ entity_type: 'player', player_id: ids.p, signal_type: 'market_value', value_num: 150_000_000, source: 'test', confidence: 0.9,
    observed_at: '2024-11-01T00:00:00', effective_from: '2024-11-01' });

  it('appends one or a batch, idempotently', async () => {
    const one = await api.post('/api/v1/admin/signal_events', signal(), auth);
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ inserted: 1, skipped: 0 });
    const batch = await api.post('/api/v1/admin/signal_events', [signal(), { ...signal(), value_num: 160_000_000, effective_from: '2024-11-02', observed_at: '2024-11-02' }], auth);
    expect(batch.body).toMatchObject({ inserted: 1, skipped: 1 });
    const seen = await api.get('/api/v1/players/admin-player/signals?as_of=2024-11-03');
    expect(seen.body.items.map((s: { value_num: number }) => s.value_num)).toEqual([160_000_000, 150_000_000]);
  });

  it('enforces entity consistency, time order, values and known ids', async () => {
    const cases = [
      { ...signal(), club_id: ids.a },
      { ...signal(), entity_type: 'club' },
      { ...signal(), entity_type: 'club_player_pair' },
      { ...signal(), value_num: null },
      { ...signal(), effective_from: '2024-11-02' },
      { ...signal(), effective_to: '2024-10-01' },
      { ...signal(), observed_at: '2999-01-01' },
      { ...signal(), source: 'tl_user_derived', confidence: 0.9 },
      { ...signal(), signal_type: 'horoscope' },
    ];
    for (const c of cases) expect((await api.post('/api/v1/admin/signal_events', c, auth)).status, JSON.stringify(c)).toBe(422);
    const huge = { ...signal(), value_text: 'x'.repeat(1_100_000) };
    expect((await api.post('/api/v1/admin/signal_events', huge, auth)).status).toBe(413);
    expect((await api.post('/api/v1/admin/signal_events', huge)).status).toBe(401);
    expect((await api.post('/api/v1/admin/signal_events', Array.from({ length: 501 }, signal), auth)).status).toBe(422);
    const unknown = await api.post('/api/v1/admin/signal_events', { ...signal(), player_id: NOBODY }, auth);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].path).toBe('json.player_id');
  });
});

describe('admin pipeline and maintenance routes', () => {
  it('starts a pending run the runner will pick up, and lists it', async () => {
    const r = await api.post('/api/v1/admin/pipeline/run', { as_of: '2024-12-12', horizons: [90] }, auth);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ run_key: 'daily:2024-12-12:h90', status: 'pending', as_of: '2024-12-12', horizons: [90], dispatched: false });
    const row = await tdb.db.execute<{ step: string; status: string }>(sql`SELECT step, status FROM pipeline_runs WHERE run_id = ${r.body.run_id}::uuid`);
    expect(row.rows).toEqual([{ step: 'run', status: 'pending' }]);
    const again = await api.post('/api/v1/admin/pipeline/run', { as_of: '2024-12-12', horizons: [90] }, auth);
    expect(again.body.run_id).toBe(r.body.run_id);
    const runs = await api.get('/api/v1/admin/pipeline/runs?status=pending', auth);
    expect(runs.body.runs.map((x: { run_id: string }) => x.run_id)).toEqual([r.body.run_id]);
    expect((await api.get('/api/v1/admin/pipeline/runs?as_of=2020-01-01', auth)).body.runs).toEqual([]);
    expect((await api.post('/api/v1/admin/pipeline/run', { horizons: [45] }, auth)).status).toBe(422);
    // With the PIPELINE service binding, the cron Worker is woken to continue pending runs.
    const woken: string[] = [];
    const bound = testApi(tdb, { PIPELINE: { fetch: async (url: string) => (woken.push(url), new Response(null, { status: 202 })) } });
    const d = await bound.post('/api/v1/admin/pipeline/run', { as_of: '2024-12-11' }, auth);
    expect(d.body).toMatchObject({ run_key: 'daily:2024-12-11:all', dispatched: true });
    expect(woken).toEqual(['https://pipeline/runs/continue']);
  });

  it('rebuild reports that no materialized view is needed; recent events lists user events', async () => {
    const r = await api.post('/api/v1/admin/rebuild/materialized', {}, auth);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, views_refreshed: [], cache_invalidated: true });
    await api.post('/api/v1/events/user', { user_anon_id: 'a', session_id: 's', event_type: 'search', event_props_json: { q: 'saka' } });
    const recent = await api.get('/api/v1/admin/events/recent?limit=5', auth);
    expect(recent.body.events[0]).toMatchObject({ event_type: 'search', event_props_json: { q: 'saka' } });
    expect((await api.get('/api/v1/admin/events/recent?event_type=nope', auth)).status).toBe(422);
    expect((await api.get('/api/v1/admin/events/recent?as_of=2020-01-01', auth)).body.events).toEqual([]);
  });
});
