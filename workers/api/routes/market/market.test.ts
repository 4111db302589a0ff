import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/helpers/db';
import { insertClub, insertCompetition, insertPlayer, insertSignal, insertTransfer } from '../../../../test/helpers/factories';
import { insertSnapshot } from '../../../../test/helpers/snapshots';
import { testApi } from '../../../../test/helpers/api';

let tdb: TestDb;
let api: ReturnType<typeof testApi>;
const ids: Record<string, string> = {};
const T = '2024-12-01';
type Row = { player_name: string; to_club_name: string | null; probability: number; horizon_days: number };
const show = (rows: Row[]) => rows.map((r) => `${r.player_name}>${r.to_club_name ?? 'ANY'}@${r.probability}`);

beforeAll(async () => {
  tdb = await createTestDb('market');
  api = testApi(tdb);
  const { db } = tdb;
  const pl = await insertCompetition(db, { name: 'Premier League' });
  const liga = await insertCompetition(db, { name: 'LaLiga', country: 'Spain' });
  const a = await insertClub(db, { name: 'Alpha FC', slug: 'alpha-fc', competitionId: pl.id });
  const b = await insertClub(db, { name: 'Beta CF', slug: 'beta-cf', competitionId: liga.id });
  const c = await insertClub(db, { name: 'Gamma SC', slug: 'gamma-sc' });
  const p1 = await insertPlayer(db, { name: 'Aaron Alpha', position: 'FW', dateOfBirth: '1999-01-01' });
  const p2 = await insertPlayer(db, { name: 'Bruno Beta', position: 'DF' });
  const p3 = await insertPlayer(db, { name: 'Carl Gamma', position: 'MF' });
  Object.assign(ids, { pl: pl.id, liga: liga.id, a: a.id, b: b.id, p1: p1.id });
  await insertTransfer(db, { playerId: p1.id, toClubId: a.id, transferDate: '2020-01-01' });
  await insertSignal(db, { playerId: p1.id, valueNum: 50_000_000, observedAt: new Date('2024-10-01T00:00:00Z') });
  await insertSignal(db, { playerId: p1.id, signalType: 'contract_months_remaining', valueNum: 18, observedAt: new Date('2024-10-01T00:00:00Z') });
  const at = (d: string) => `${d}T06:00:00Z`;
  await insertSnapshot(db, { playerId: p1.id, fromClubId: a.id, asOf: at('2024-11-20'), probability: 0.6 });
  await insertSnapshot(db, { playerId: p1.id, fromClubId: a.id, asOf: at('2024-11-30'), probability: 0.4 });
  await insertSnapshot(db, { playerId: p1.id, fromClubId: a.id, toClubId: b.id, asOf: at('2024-11-30'), probability: 0.3 });
  await insertSnapshot(db, { playerId: p2.id, fromClubId: b.id, asOf: at('2024-11-30'), probability: 0.4 });
  await insertSnapshot(db, { playerId: p2.id, fromClubId: b.id, toClubId: a.id, asOf: at('2024-11-30'), probability: 0.2 });
  await insertSnapshot(db, { playerId: p3.id, fromClubId: c.id, horizonDays: 30, asOf: at('2024-11-30'), probability: 0.1 });
  // Would leak: published after T.
  await insertSnapshot(db, { playerId: p3.id, fromClubId: c.id, asOf: at('2024-12-02'), probability: 0.95 });
});

describe('GET /api/v1/market/latest', () => {
  it('lists the latest snapshot per key at T, deterministically ordered, with market facts', async () => {
    const { status, body } = await api.get(`/api/v1/market/latest?as_of=${T}&horizon_days=90`);
    expect(status).toBe(200);
    expect(show(body.predictions)).toEqual(['Aaron Alpha>ANY@0.4', 'Bruno Beta>ANY@0.4', 'Aaron Alpha>Beta CF@0.3', 'Bruno Beta>Alpha FC@0.2']);
    expect(body.predictions[0]).toMatchObject({ market_value: 50_000_000, contract_months_remaining: 18, player_age: 25, from_club_name: 'Alpha FC' });
    expect(body.filters_applied).toMatchObject({ horizon_days: 90, min_probability: null });
    expect(body.total).toBe(4);
    const all = await api.get(`/api/v1/market/latest?as_of=${T}`);
    expect(all.body.predictions).toHaveLength(5);
    const now = await api.get('/api/v1/market/latest?horizon_days=90');
    expect(show(now.body.predictions)[0]).toBe('Carl Gamma>ANY@0.95');
  });

  it('applies value filters to the latest snapshot only', async () => {
    const { body } = await api.get(`/api/v1/market/latest?as_of=${T}&min_probability=0.5`);
    expect(body.predictions).toEqual([]);
    expect(body.filters_applied.min_probability).toBe(0.5);
  });

  it('filters by competition (from or to), club, position and kind', async () => {
    const liga = await api.get(`/api/v1/market/latest?as_of=${T}&competition_id=${ids.liga}`);
    expect(show(liga.body.predictions)).toEqual(['Bruno Beta>ANY@0.4', 'Aaron Alpha>Beta CF@0.3', 'Bruno Beta>Alpha FC@0.2']);
    const club = await api.get(`/api/v1/market/latest?as_of=${T}&club_id=alpha-fc`);
    expect(show(club.body.predictions)).toEqual(['Aaron Alpha>ANY@0.4', 'Aaron Alpha>Beta CF@0.3', 'Bruno Beta>Alpha FC@0.2']);
    const df = await api.get(`/api/v1/market/latest?as_of=${T}&position=DF`);
    expect(show(df.body.predictions)).toEqual(['Bruno Beta>ANY@0.4', 'Bruno Beta>Alpha FC@0.2']);
    const any = await api.get(`/api/v1/market/latest?as_of=${T}&kind=any`);
    expect(show(any.body.predictions)).toEqual(['Aaron Alpha>ANY@0.4', 'Bruno Beta>ANY@0.4', 'Carl Gamma>ANY@0.1']);
  });

  it('paginates without overlap in the same order', async () => {
    const full = show((await api.get(`/api/v1/market/latest?as_of=${T}`)).body.predictions);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const { body }: { body: { predictions: Row[]; next_cursor: string | null } } = await api.get(`/api/v1/market/latest?as_of=${T}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...show(body.predictions));
      cursor = body.next_cursor;
    } while (cursor);
    expect(walked).toEqual(full);
  });

  it('costs one round trip and rejects malformed filters', async () => {
    expect(await api.roundTripsOf(() => api.get(`/api/v1/market/latest?as_of=${T}`))).toBe(1);
    for (const q of ['horizon_days=45', 'min_probability=2', 'min_probability=abc', 'competition_id=nope', 'kind=maybe', 'cursor=xyz', 'limit=201',
      `position=${'X'.repeat(21)}`, 'position=XX', 'as_of=99999999999999', 'as_of=2150-01-01', `as_of=${new Date(Date.now() + 2 * 86_400_000).toISOString()}`]) {
      expect((await api.get(`/api/v1/market/latest?${q}`)).status, q).toBe(422);
    }
  });

  it('answers 404 for an unknown club or competition filter, in one round trip', async () => {
    for (const q of ['club_id=nonexistent-club', 'club_id=00000000-0000-4000-8000-000000000000', 'competition_id=00000000-0000-4000-8000-000000000000']) {
      let status = 0;
      expect(await api.roundTripsOf(async () => void ({ status } = await api.get(`/api/v1/market/latest?as_of=${T}&${q}`)))).toBe(1);
      expect(status, q).toBe(404);
    }
  });
});

describe('GET /api/v1/market/movers', () => {
  it('ranks the largest changes in the window ending at T', async () => {
    const { status, body } = await api.get(`/api/v1/market/movers?as_of=${T}&window_days=7`);
    expect(status).toBe(200);
    // Keys first published inside the window (Bruno Beta, Aaron Alpha > Beta CF) are new, not changes from 0.
    expect(body.movers.map((m: Row & { change: number }) => `${m.player_name}>${m.to_club_name ?? 'ANY'}:${m.change.toFixed(2)}`)).toEqual([
      'Aaron Alpha>ANY:-0.20',
    ]);
    expect(body.movers[0]).toMatchObject({ start_probability: 0.6, probability: 0.4 });
    const down = await api.get(`/api/v1/market/movers?as_of=${T}&direction=down`);
    expect(down.body.movers).toHaveLength(1);
    expect((await api.get("/api/v1/market/movers?as_of=2024-11-30T05:00:00Z&window_days=1")).body.movers).toEqual([]);
  });

  it('without as_of, the window ends at the data\'s last date (the clock is years later), in one round trip', async () => {
    let body: { as_of: string; data_as_of: string; window: { end: string; start: string }; movers: Row[] } | undefined;
    expect(await api.roundTripsOf(async () => void ({ body } = await api.get('/api/v1/market/movers?window_days=7')))).toBe(1);
    expect(body!.data_as_of).toBe('2024-12-02T06:00:00.000Z');
    expect(body!.as_of).toBe(body!.data_as_of);
    expect(body!.window).toMatchObject({ start: '2024-11-25T06:00:00.000Z', end: '2024-12-02T06:00:00.000Z' });
    expect(show(body!.movers)).toEqual(['Aaron Alpha>ANY@0.4']);
  });

  it('costs one round trip; 422 on bad input', async () => {
    expect(await api.roundTripsOf(() => api.get(`/api/v1/market/movers?as_of=${T}`))).toBe(1);
    expect((await api.get('/api/v1/market/movers?window_days=0')).status).toBe(422);
    expect((await api.get('/api/v1/market/movers?direction=sideways')).status).toBe(422);
  });
});

describe('GET /api/v1/market: status pseudo-clubs', () => {
  // Its own horizon (180 days), so the rows above are unchanged.
  beforeAll(async () => {
    const { db } = tdb;
    const without = await insertClub(db, { name: 'Without Club', slug: 'without-club', isStatusPseudo: true, isActive: false });
    const retired = await insertClub(db, { name: 'Retired', slug: 'retired', isStatusPseudo: true, isActive: false });
    const dan = await insertPlayer(db, { name: 'Dan Free', position: 'GK' });
    for (const [d, p] of [['2024-11-20', 0.2], ['2024-11-30', 0.5]] as const) {
      await insertSnapshot(db, { playerId: dan.id, fromClubId: without.id, toClubId: ids.a, horizonDays: 180, asOf: `${d}T06:00:00Z`, probability: p });
      await insertSnapshot(db, { playerId: ids.p1!, fromClubId: ids.a, toClubId: retired.id, horizonDays: 180, asOf: `${d}T06:00:00Z`, probability: p - 0.1 });
    }
    await insertSnapshot(db, { playerId: dan.id, fromClubId: without.id, horizonDays: 180, asOf: '2024-11-30T06:00:00Z', probability: 0.1 });
  });

  type Flagged = Row & { from_club_name: string; from_club_is_status: boolean | null; to_club_is_status: boolean | null };
  const flags = (rows: Flagged[]) => rows.map((r) => `${r.player_name}:${r.from_club_name}(${r.from_club_is_status})>${r.to_club_name}(${r.to_club_is_status})`);

  it('flags them as origin and destination in the table and the movers', async () => {
    const latest = await api.get(`/api/v1/market/latest?as_of=${T}&horizon_days=180`);
    expect(flags(latest.body.predictions)).toEqual([
      'Dan Free:Without Club(true)>Alpha FC(false)',
      'Aaron Alpha:Alpha FC(false)>Retired(true)',
      'Dan Free:Without Club(true)>null(null)',
    ]);
    const movers = await api.get(`/api/v1/market/movers?as_of=${T}&horizon_days=180&window_days=7`);
    expect(flags(movers.body.movers)).toEqual(['Aaron Alpha:Alpha FC(false)>Retired(true)', 'Dan Free:Without Club(true)>Alpha FC(false)']);
  });
});
