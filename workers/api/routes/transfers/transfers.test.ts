import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/helpers/db';
import { insertClub, insertPlayer, insertTransfer } from '../../../../test/helpers/factories';
import { testApi } from '../../../../test/helpers/api';

let tdb: TestDb;
let api: ReturnType<typeof testApi>;
const ids: Record<string, string> = {};
type Item = { player_name: string; transfer_date: string };
const show = (items: Item[]) => items.map((i) => `${i.player_name}@${i.transfer_date}`);

beforeAll(async () => {
  tdb = await createTestDb('transfers');
  api = testApi(tdb);
  const { db } = tdb;
  const a = await insertClub(db, { name: 'Alpha FC', slug: 'alpha-fc' });
  const b = await insertClub(db, { name: 'Beta FC', slug: 'beta-fc' });
  const c = await insertClub(db, { name: 'Gamma FC', slug: 'gamma-fc' });
  const p1 = await insertPlayer(db, { name: 'Ann One', slug: 'ann-one' });
  const p2 = await insertPlayer(db, { name: 'Bea Two' });
  Object.assign(ids, { a: a.id, p1: p1.id });
  await insertTransfer(db, { playerId: p1.id, toClubId: a.id, transferDate: '2022-07-01', transferType: 'youth_promotion' });
  await insertTransfer(db, { playerId: p1.id, fromClubId: a.id, toClubId: b.id, transferDate: '2024-07-01', feeAmountEur: 12_500_000 });
  await insertTransfer(db, { playerId: p2.id, fromClubId: c.id, toClubId: b.id, transferDate: '2024-08-15', transferType: 'loan' });
  const wrong = await insertTransfer(db, { playerId: p2.id, fromClubId: c.id, toClubId: a.id, transferDate: '2024-08-14' });
  await db.execute(sql`UPDATE transfer_events SET is_superseded = true, superseded_at = now(), superseded_reason = 'test' WHERE id = ${wrong.id}`);
  // Would leak: dated after T.
  await insertTransfer(db, { playerId: p2.id, fromClubId: b.id, toClubId: a.id, transferDate: '2025-01-31' });
});

describe('GET /api/v1/transfers', () => {
  it('lists the ledger newest first, corrected, and only up to T', async () => {
    const { status, body } = await api.get('/api/v1/transfers?as_of=2024-12-01');
    expect(status).toBe(200);
    expect(show(body.items)).toEqual(['Bea Two@2024-08-15', 'Ann One@2024-07-01', 'Ann One@2022-07-01']);
    expect(body.items[1]).toMatchObject({ from_club_name: 'Alpha FC', to_club_name: 'Beta FC', fee_amount_eur: 12_500_000, transfer_type: 'permanent' });
    expect(show((await api.get('/api/v1/transfers')).body.items)[0]).toBe('Bea Two@2025-01-31');
  });

  it('filters by club (in or out), player and type', async () => {
    expect(show((await api.get('/api/v1/transfers?as_of=2024-12-01&club_id=alpha-fc')).body.items)).toEqual(['Ann One@2024-07-01', 'Ann One@2022-07-01']);
    expect(show((await api.get(`/api/v1/transfers?player_id=${ids.p1}`)).body.items)).toEqual(['Ann One@2024-07-01', 'Ann One@2022-07-01']);
    expect(show((await api.get('/api/v1/transfers?transfer_type=loan')).body.items)).toEqual(['Bea Two@2024-08-15']);
    expect((await api.get('/api/v1/transfers?club_id=nowhere')).status).toBe(404);
  });

  it('paginates by cursor', async () => {
    const first = await api.get('/api/v1/transfers?limit=2');
    const second = await api.get(`/api/v1/transfers?limit=2&cursor=${first.body.next_cursor}`);
    expect([...show(first.body.items), ...show(second.body.items)]).toEqual(['Bea Two@2025-01-31', 'Bea Two@2024-08-15', 'Ann One@2024-07-01', 'Ann One@2022-07-01']);
    expect(second.body.next_cursor).toBeNull();
  });

  it('costs one round trip; 422 on malformed input', async () => {
    expect(await api.roundTripsOf(() => api.get('/api/v1/transfers?club_id=alpha-fc'))).toBe(1);
    for (const q of ['transfer_type=swap', 'limit=-1', 'cursor=WyIyMDI0Il0', 'club_id=%27%3B%20drop']) {
      expect((await api.get(`/api/v1/transfers?${q}`)).status, q).toBe(422);
    }
  });

  it('answers 404 for an unknown player or club filter, like an unknown path id', async () => {
    for (const q of ['player_id=notuuid', 'player_id=00000000-0000-4000-8000-000000000000', 'club_id=nonexistent-club']) {
      const { status, body } = await api.get(`/api/v1/transfers?${q}`);
      expect([status, body.error?.code], q).toEqual([404, 'not_found']);
    }
  });
});

describe('GET /api/v1/transfers: status pseudo-clubs', () => {
  beforeAll(async () => {
    const { db } = tdb;
    const without = await insertClub(db, { name: 'Without Club', slug: 'without-club', isStatusPseudo: true, isActive: false });
    const retired = await insertClub(db, { name: 'Retired', slug: 'retired', isStatusPseudo: true, isActive: false });
    const p = await insertPlayer(db, { name: 'Cal Free', slug: 'cal-free' });
    await insertTransfer(db, { playerId: p.id, fromClubId: ids.a, toClubId: without.id, transferDate: '2023-07-01' });
    await insertTransfer(db, { playerId: p.id, fromClubId: without.id, toClubId: retired.id, transferDate: '2024-01-01' });
  });

  it('flags them on both ends of a move, and real clubs as not', async () => {
    type Row = { from_club_name: string; from_club_is_status: boolean | null; to_club_name: string; to_club_is_status: boolean };
    const { body } = await api.get('/api/v1/transfers?player_id=cal-free');
    expect(body.items.map((r: Row) => [r.from_club_name, r.from_club_is_status, r.to_club_name, r.to_club_is_status])).toEqual([
      ['Without Club', true, 'Retired', true],
      ['Alpha FC', false, 'Without Club', true],
    ]);
    const youth = (await api.get(`/api/v1/transfers?player_id=${ids.p1}&transfer_type=youth_promotion`)).body.items[0];
    expect(youth).toMatchObject({ from_club_id: null, from_club_is_status: null, to_club_name: 'Alpha FC', to_club_is_status: false });
    expect(await api.roundTripsOf(() => api.get('/api/v1/transfers?club_id=without-club'))).toBe(1);
  });
});
