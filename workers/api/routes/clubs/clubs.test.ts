import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/helpers/db';
import { insertClub, insertCompetition, insertPlayer, insertSignal, insertTransfer } from '../../../../test/helpers/factories';
import { insertSnapshot } from '../../../../test/helpers/snapshots';
import { testApi } from '../../../../test/helpers/api';

let tdb: TestDb;
let api: ReturnType<typeof testApi>;
const ids: Record<string, string> = {};
const T = '2024-12-01';
const names = (rows: { name?: string; player_name?: string }[]) => rows.map((r) => r.name ?? r.player_name);

beforeAll(async () => {
  tdb = await createTestDb('clubs');
  api = testApi(tdb);
  const { db } = tdb;
  const pl = await insertCompetition(db, { name: 'Premier League' });
  const a = await insertClub(db, { name: 'Alpha FC', slug: 'alpha-fc', competitionId: pl.id, stadium: 'Alpha Park' });
  const b = await insertClub(db, { name: 'Beta FC', slug: 'beta-fc' });
  Object.assign(ids, { a: a.id, b: b.id });
  const p1 = await insertPlayer(db, { name: 'Paul Leaver', position: 'FW' });
  const p2 = await insertPlayer(db, { name: 'Peter Stayer', position: 'DF' });
  const p3 = await insertPlayer(db, { name: 'Quinn Future', position: 'MF' });
  const p4 = await insertPlayer(db, { name: 'Sam Signal', position: 'GK' });
  const p5 = await insertPlayer(db, { name: 'Will Wrong', position: 'MF' });
  Object.assign(ids, { p1: p1.id, p2: p2.id });
  await insertTransfer(db, { playerId: p1.id, toClubId: a.id, transferDate: '2020-07-01' });
  await insertTransfer(db, { playerId: p1.id, fromClubId: a.id, toClubId: b.id, transferDate: '2024-07-01' });
  await insertTransfer(db, { playerId: p2.id, fromClubId: b.id, toClubId: a.id, transferDate: '2021-07-01' });
  // Would leak: joins after T.
  await insertTransfer(db, { playerId: p3.id, fromClubId: b.id, toClubId: a.id, transferDate: '2025-01-15' });
  const wrong = await insertTransfer(db, { playerId: p5.id, fromClubId: b.id, toClubId: a.id, transferDate: '2024-08-01' });
  await db.execute(sql`UPDATE transfer_events SET is_superseded = true, superseded_at = now(), superseded_reason = 'test' WHERE id = ${wrong.id}`);
  await insertSignal(db, {
    playerId: p4.id, clubId: a.id, entityType: 'club_player_pair', signalType: 'current_club', valueNum: null, valueText: 'Alpha FC',
    observedAt: new Date('2024-12-12T00:00:00Z'),
  });
  await insertSignal(db, { playerId: p2.id, valueNum: 5_000_000, observedAt: new Date('2024-06-01T00:00:00Z') });
  await insertSignal(db, { playerId: p2.id, signalType: 'contract_expiry', valueNum: null, valueText: '2025-06-30', observedAt: new Date('2024-11-01T00:00:00Z') });

  await insertSnapshot(db, { playerId: p2.id, fromClubId: a.id, asOf: '2024-11-30T06:00:00Z', probability: 0.5 });
  await insertSnapshot(db, { playerId: p2.id, fromClubId: a.id, toClubId: b.id, asOf: '2024-11-30T06:00:00Z', probability: 0.3 });
  await insertSnapshot(db, { playerId: p1.id, fromClubId: b.id, toClubId: a.id, asOf: '2024-11-30T06:00:00Z', probability: 0.25 });
  // Would leak: published after T.
  await insertSnapshot(db, { playerId: p2.id, fromClubId: a.id, toClubId: b.id, asOf: '2024-12-03T06:00:00Z', probability: 0.7 });
  await insertSnapshot(db, { playerId: p2.id, fromClubId: a.id, asOf: '2024-12-03T06:00:00Z', probability: 0.8 });

  // Delta FC's moves to and from status pseudo-clubs (a club of its own, so Alpha FC's page is unchanged).
  const d = await insertClub(db, { name: 'Delta FC', slug: 'delta-fc' });
  const retired = await insertClub(db, { name: 'Retired', slug: 'retired', isStatusPseudo: true, isActive: false });
  const without = await insertClub(db, { name: 'Without Club', slug: 'without-club', isStatusPseudo: true, isActive: false });
  const dora = await insertPlayer(db, { name: 'Dora Exit' });
  const ed = await insertPlayer(db, { name: 'Ed Drifter' });
  const fay = await insertPlayer(db, { name: 'Fay Free' });
  await insertTransfer(db, { playerId: dora.id, toClubId: d.id, transferDate: '2019-07-01' });
  await insertTransfer(db, { playerId: dora.id, fromClubId: d.id, toClubId: retired.id, transferDate: '2024-09-01' });
  await insertTransfer(db, { playerId: ed.id, toClubId: d.id, transferDate: '2022-07-01' });
  await insertTransfer(db, { playerId: fay.id, fromClubId: without.id, toClubId: d.id, transferDate: '2024-10-01' });
  await insertTransfer(db, { playerId: fay.id, fromClubId: d.id, toClubId: without.id, transferDate: '2024-11-01' });
  await insertSnapshot(db, { playerId: ed.id, fromClubId: d.id, toClubId: without.id, asOf: '2024-11-30T06:00:00Z', probability: 0.4 });
  await insertSnapshot(db, { playerId: ed.id, fromClubId: d.id, toClubId: b.id, asOf: '2024-11-30T06:00:00Z', probability: 0.2 });
  await insertSnapshot(db, { playerId: fay.id, fromClubId: without.id, toClubId: d.id, asOf: '2024-11-30T06:00:00Z', probability: 0.3 });
});

describe('GET /api/v1/clubs/{id}', () => {
  it('shows the squad, likely moves and transfers as of T', async () => {
    const { status, body } = await api.get(`/api/v1/clubs/alpha-fc?as_of=${T}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: ids.a, name: 'Alpha FC', stadium: 'Alpha Park', squad_count: 1, horizon_days: 90 });
    expect(body.competition.name).toBe('Premier League');
    // The data visible at T ends 2024-11-30 (the last snapshots): 7 whole months to the 2025-06-30 expiry.
    expect(body.squad[0]).toMatchObject({ name: 'Peter Stayer', p_leave: 0.5, market_value: 5_000_000, contract_months_remaining: 7 });
    expect(body.outgoing_probabilities.map((r: { player_name: string; to_club_name: string; probability: number }) => [r.player_name, r.to_club_name, r.probability]))
      .toEqual([['Peter Stayer', 'Beta FC', 0.3]]);
    expect(body.outgoing_probabilities[0]).toMatchObject({ market_value: 5_000_000, contract_months_remaining: 7, from_club_name: 'Alpha FC' });
    expect(names(body.incoming_probabilities)).toEqual(['Paul Leaver']);
    expect(body.recent_transfers_out.map((t: { player_name: string }) => t.player_name)).toEqual(['Paul Leaver']);
    expect(body.recent_transfers_in).toEqual([]);
  });

  it('changes with T: earlier squads, later arrivals, signal-placed players', async () => {
    const early = await api.get('/api/v1/clubs/alpha-fc?as_of=2024-03-01');
    expect(names(early.body.squad).sort()).toEqual(['Paul Leaver', 'Peter Stayer']);
    expect(early.body.incoming_probabilities).toEqual([]);
    const late = await api.get(`/api/v1/clubs/${ids.a}?as_of=2025-01-20`);
    expect(names(late.body.squad).sort()).toEqual(['Peter Stayer', 'Quinn Future', 'Sam Signal']);
    expect(late.body.squad.find((s: { name: string }) => s.name === 'Peter Stayer').p_leave).toBe(0.8);
    expect(late.body.recent_transfers_in.map((t: { player_name: string }) => t.player_name)).toEqual(['Quinn Future']);
    // Without as_of, "the last 365 days" end at the data's last date (2025-01-15), not at today's clock.
    const current = await api.get(`/api/v1/clubs/${ids.a}`);
    expect(current.body.as_of).toBe('2025-01-15T00:00:00.000Z');
    expect(current.body.recent_transfers_in.map((t: { player_name: string }) => t.player_name)).toEqual(['Quinn Future']);
  });

  it('flags status pseudo-clubs in likely moves and transfers, and real clubs as not', async () => {
    const { body } = await api.get(`/api/v1/clubs/delta-fc?as_of=${T}`);
    type Row = { player_name: string; from_club_name: string; from_club_is_status: boolean | null; to_club_name: string; to_club_is_status: boolean | null };
    const show = (r: Row) => [r.player_name, r.from_club_name, r.from_club_is_status, r.to_club_name, r.to_club_is_status];
    expect(body.outgoing_probabilities.map(show)).toEqual([['Ed Drifter', 'Delta FC', false, 'Without Club', true], ['Ed Drifter', 'Delta FC', false, 'Beta FC', false]]);
    expect(body.incoming_probabilities.map(show)).toEqual([['Fay Free', 'Without Club', true, 'Delta FC', false]]);
    expect(body.recent_transfers_out.map(show)).toEqual([['Fay Free', 'Delta FC', false, 'Without Club', true], ['Dora Exit', 'Delta FC', false, 'Retired', true]]);
    expect(body.recent_transfers_in.map(show)).toEqual([['Fay Free', 'Without Club', true, 'Delta FC', false]]);
    expect((await api.get('/api/v1/clubs/retired')).status).toBe(404);
  });

  it('costs one round trip; 404 and 422 on bad input', async () => {
    expect(await api.roundTripsOf(() => api.get(`/api/v1/clubs/alpha-fc?as_of=${T}`))).toBe(1);
    expect(await api.roundTripsOf(() => api.get(`/api/v1/clubs/delta-fc?as_of=${T}`))).toBe(1);
    expect((await api.get('/api/v1/clubs/no-such-club')).status).toBe(404);
    expect((await api.get('/api/v1/clubs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.get('/api/v1/clubs/alpha-fc?horizon_days=7')).status).toBe(422);
    expect((await api.get('/api/v1/clubs/alpha-fc?top=0')).status).toBe(422);
  });
});
