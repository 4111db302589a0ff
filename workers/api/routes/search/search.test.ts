import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/helpers/db';
import { insertClub, insertPlayer } from '../../../../test/helpers/factories';
import { testApi } from '../../../../test/helpers/api';

let tdb: TestDb;
let api: ReturnType<typeof testApi>;

beforeAll(async () => {
  tdb = await createTestDb('search');
  api = testApi(tdb);
  await insertPlayer(tdb.db, { name: 'Kylian Mbappé', searchName: 'kylian mbappe', nationality: 'France', position: 'FW' });
  await insertPlayer(tdb.db, { name: 'Erling Haaland', searchName: 'erling haaland', nationality: 'Norway', position: 'FW' });
  await insertPlayer(tdb.db, { name: 'Haaland Retired', searchName: 'haaland retired', isActive: false });
  await insertPlayer(tdb.db, { name: '100% Percent', searchName: '100% percent' });
  await insertPlayer(tdb.db, { name: '1000 Thousand', searchName: '1000 thousand' });
  await insertClub(tdb.db, { name: 'Real Madrid', searchName: 'real madrid' });
  await insertClub(tdb.db, { name: 'Real Sociedad', searchName: 'real sociedad' });
  await insertClub(tdb.db, { name: 'Without Club', searchName: 'without club', isStatusPseudo: true });
  await insertClub(tdb.db, { name: 'Surreal FC', searchName: 'surreal fc' });
});

describe('GET /api/v1/search', () => {
  it('finds accented names from unaccented queries, and the other way round', async () => {
    const a = await api.get('/api/v1/search?q=Mbappe');
    expect(a.status).toBe(200);
    expect(a.body.results[0]).toMatchObject({ type: 'player', name: 'Kylian Mbappé', subtitle: 'FW • France' });
    const b = await api.get(`/api/v1/search?q=${encodeURIComponent('MBAPPÉ')}`);
    expect(b.body.results[0].name).toBe('Kylian Mbappé');
  });

  it('tolerates a typo', async () => {
    const { body } = await api.get('/api/v1/search?q=haalnd');
    expect(body.results.map((r: { name: string }) => r.name)).toContain('Erling Haaland');
  });

  it('puts prefix matches first, skips inactive players and pseudo clubs', async () => {
    const { body } = await api.get('/api/v1/search?q=real');
    const names = body.results.map((r: { name: string }) => r.name);
    expect(names.slice(0, 2).sort()).toEqual(['Real Madrid', 'Real Sociedad']);
    expect(names.indexOf('Surreal FC')).toBeGreaterThan(1);
    const h = await api.get('/api/v1/search?q=haaland');
    expect(h.body.results.map((r: { name: string }) => r.name)).toEqual(['Erling Haaland']);
    const w = await api.get('/api/v1/search?q=without');
    expect(w.body.total).toBe(0);
  });

  it('matches LIKE wildcards literally', async () => {
    const { body } = await api.get(`/api/v1/search?q=${encodeURIComponent('100%')}`);
    expect(body.results[0].name).toBe('100% Percent');
    // Unescaped, '%%' and '__' would match every name of two or more characters.
    for (const q of ['%%', '__']) expect((await api.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).body.total).toBe(0);
  });

  it('filters by type and honours limit', async () => {
    const clubs = await api.get('/api/v1/search?q=real&type=club&limit=1');
    expect(clubs.body.results).toHaveLength(1);
    expect(clubs.body.results[0].type).toBe('club');
    expect(clubs.body.total).toBe(1);
  });

  it('returns an empty list for q shorter than 2 characters, still saying how fresh the data is', async () => {
    const trips = await api.roundTripsOf(async () => {
      const { status, body } = await api.get('/api/v1/search?q=a');
      expect(status).toBe(200);
      expect(body).toMatchObject({ query: 'a', results: [], total: 0 });
      expect(body).toHaveProperty('data_as_of');
      expect(body.as_of).toEqual(expect.any(String));
    });
    expect(trips).toBe(1);
  });

  it('costs one round trip and reports freshness', async () => {
    const trips = await api.roundTripsOf(async () => {
      const { body } = await api.get('/api/v1/search?q=real');
      expect(body.as_of).toMatch(/Z$/);
      expect(body).toHaveProperty('data_as_of');
    });
    expect(trips).toBe(1);
  });

  it('rejects bad parameters with 422 and field details', async () => {
    for (const path of ['/api/v1/search', '/api/v1/search?q=real&limit=0', '/api/v1/search?q=real&limit=51', '/api/v1/search?q=real&limit=abc',
      '/api/v1/search?q=real&type=coach', `/api/v1/search?q=${'x'.repeat(101)}`, '/api/v1/search?q=real&limit=1e400', '/api/v1/search?q=real&as_of=yesterday']) {
      const { status, body } = await api.get(path);
      expect(status, path).toBe(422);
      expect(body.error.code).toBe('validation_error');
      expect(body.error.details[0].path).toMatch(/^query\./);
      expect(body.error.request_id).toBeTruthy();
    }
  });
});
