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

beforeAll(async () => {
  tdb = await createTestDb('players');
  api = testApi(tdb);
  const { db } = tdb;
  const pl = await insertCompetition(db, { name: 'Premier League' });
  const a = await insertClub(db, { name: 'Alpha FC', slug: 'alpha-fc', competitionId: pl.id });
  const b = await insertClub(db, { name: 'Beta FC', slug: 'beta-fc', competitionId: pl.id });
  const c = await insertClub(db, { name: 'Gamma FC', slug: 'gamma-fc' });
  const x = await insertPlayer(db, { name: 'Xavi Test', slug: 'xavi-test', dateOfBirth: '2000-06-15', position: 'MF' });
  Object.assign(ids, { a: a.id, b: b.id, c: c.id, x: x.id });
  await insertTransfer(db, { playerId: x.id, toClubId: a.id, transferDate: '2020-07-01', transferType: 'youth_promotion' });
  await insertTransfer(db, { playerId: x.id, fromClubId: a.id, toClubId: b.id, transferDate: '2024-07-01', feeAmountEur: 30_000_000 });
  const wrong = await insertTransfer(db, { playerId: x.id, fromClubId: a.id, toClubId: c.id, transferDate: '2023-01-01' });
  await db.execute(sql`UPDATE transfer_events SET is_superseded = true, superseded_at = now(), superseded_reason = 'test' WHERE id = ${wrong.id}`);
  // Would leak into T: a move dated after T.
  await insertTransfer(db, { playerId: x.id, fromClubId: b.id, toClubId: c.id, transferDate: '2025-07-01' });

  await insertSignal(db, { playerId: x.id, valueNum: 10_000_000, observedAt: new Date('2024-01-01T00:00:00Z') });
  await insertSignal(db, { playerId: x.id, valueNum: 20_000_000, observedAt: new Date('2024-11-28T00:00:00Z') });
  // Would leak: effective before T but only observed after T.
  await insertSignal(db, { playerId: x.id, valueNum: 99_000_000, effectiveFrom: new Date('2024-11-29T00:00:00Z'), observedAt: new Date('2024-12-05T00:00:00Z') });
  // Ended before T: not in force at T, but history.
  await insertSignal(db, {
    playerId: x.id, signalType: 'injuries_status', valueNum: null, valueText: 'hamstring',
    observedAt: new Date('2024-10-01T00:00:00Z'), effectiveTo: new Date('2024-11-01T00:00:00Z'),
  });

  await insertSnapshot(db, { playerId: x.id, fromClubId: b.id, asOf: '2024-11-20T06:00:00Z', probability: 0.3 });
  await insertSnapshot(db, { playerId: x.id, fromClubId: b.id, asOf: '2024-11-30T06:00:00Z', probability: 0.4 });
  await insertSnapshot(db, { playerId: x.id, fromClubId: b.id, toClubId: c.id, asOf: '2024-11-30T06:00:00Z', probability: 0.2 });
  await insertSnapshot(db, { playerId: x.id, fromClubId: b.id, toClubId: a.id, asOf: '2024-11-30T06:00:00Z', probability: 0.05 });
  await insertSnapshot(db, { playerId: x.id, fromClubId: b.id, horizonDays: 30, asOf: '2024-11-30T06:00:00Z', probability: 0.1 });
  // Would leak: published after T.
  await insertSnapshot(db, { playerId: x.id, fromClubId: b.id, asOf: '2024-12-02T06:00:00Z', probability: 0.9 });
  await insertSnapshot(db, { playerId: x.id, fromClubId: b.id, toClubId: c.id, asOf: '2024-12-02T06:00:00Z', probability: 0.8 });

  const y = await insertPlayer(db, { name: 'Yann Signal', slug: 'yann-signal' });
  ids.y = y.id;
  await insertSignal(db, {
    playerId: y.id, clubId: a.id, entityType: 'club_player_pair', signalType: 'current_club', valueNum: null, valueText: 'Alpha FC',
    observedAt: new Date('2024-12-12T00:00:00Z'),
  });

  // Status pseudo-clubs as ledger endpoints, prediction origins and destinations, and a current_club signal.
  const retired = await insertClub(db, { name: 'Retired', slug: 'retired', isStatusPseudo: true, isActive: false });
  const without = await insertClub(db, { name: 'Without Club', slug: 'without-club', isStatusPseudo: true, isActive: false });
  const z = await insertPlayer(db, { name: 'Zed Retiree', slug: 'zed-retiree' });
  await insertTransfer(db, { playerId: z.id, toClubId: a.id, transferDate: '2018-07-01', transferType: 'youth_promotion' });
  await insertTransfer(db, { playerId: z.id, fromClubId: a.id, toClubId: retired.id, transferDate: '2024-06-30' });
  await insertSignal(db, {
    playerId: z.id, clubId: retired.id, entityType: 'club_player_pair', signalType: 'current_club', valueNum: null, valueText: 'Retired',
    observedAt: new Date('2024-07-01T00:00:00Z'),
  });
  for (const [asOf, pWithout, pBeta] of [['2024-11-20T06:00:00Z', 0.1, 0.1], ['2024-11-30T06:00:00Z', 0.25, 0.3]] as const) {
    await insertSnapshot(db, { playerId: z.id, fromClubId: retired.id, toClubId: without.id, asOf, probability: pWithout });
    await insertSnapshot(db, { playerId: z.id, fromClubId: retired.id, toClubId: b.id, asOf, probability: pBeta });
  }
});

describe('GET /api/v1/players/{id}', () => {
  it('shows the player as of T with nothing from after T', async () => {
    const { status, body } = await api.get(`/api/v1/players/xavi-test?as_of=${T}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: ids.x, slug: 'xavi-test', age: 24, current_club_id: ids.b, market_value: 20_000_000 });
    expect(body.current_club).toMatchObject({ name: 'Beta FC', slug: 'beta-fc' });
    expect(body.competition.name).toBe('Premier League');
    expect(body.latest_signals.injuries_status).toBeUndefined();
    const h90 = body.predictions.find((h: { horizon_days: number }) => h.horizon_days === 90);
    expect(h90.p_move).toBe(0.4);
    expect(h90.top_destinations.map((d: { to_club_name: string; probability: number }) => [d.to_club_name, d.probability])).toEqual([
      ['Gamma FC', 0.2],
      ['Alpha FC', 0.05],
    ]);
    expect(body.predictions.find((h: { horizon_days: number }) => h.horizon_days === 180).p_move).toBeNull();
    expect(body.transfer_history.map((t: { transfer_date: string }) => t.transfer_date)).toEqual(['2024-07-01', '2020-07-01']);
    expect(body.transfer_history[0]).toMatchObject({ from_club_name: 'Alpha FC', to_club_name: 'Beta FC', fee_amount_eur: 30_000_000 });
    expect(body.as_of).toBe('2024-12-01T00:00:00.000Z');
    expect(Date.parse(body.data_as_of)).toBeLessThanOrEqual(Date.parse(body.as_of));
  });

  it('reports what changed in the window, against the value in force at its start', async () => {
    const { body } = await api.get(`/api/v1/players/${ids.x}?as_of=${T}`);
    const mv = body.what_changed.find((w: { signal_type: string }) => w.signal_type === 'market_value');
    expect(mv).toMatchObject({ old_value: 10_000_000, new_value: 20_000_000, change_percent: 100, severity: 'alert' });
    const any90 = body.what_changed.find((w: { kind: string; horizon_days: number; to_club_id: string | null }) => w.kind === 'probability' && w.horizon_days === 90 && !w.to_club_id);
    expect(any90).toMatchObject({ old_value: 0.3, new_value: 0.4, severity: 'alert' });
    // A 3-day window starting after the 2024-11-28 valuation sees no market-value change.
    const narrow = await api.get(`/api/v1/players/${ids.x}?as_of=${T}&window_days=3`);
    expect(narrow.body.what_changed.some((w: { signal_type: string }) => w.signal_type === 'market_value')).toBe(false);
  });

  it('goes further back in time, and forward to now', async () => {
    const past = await api.get('/api/v1/players/xavi-test?as_of=2024-03-01');
    expect(past.body).toMatchObject({ current_club_id: ids.a, market_value: 10_000_000, age: 23 });
    expect(past.body.predictions.every((h: { p_move: number | null }) => h.p_move === null)).toBe(true);
    expect(past.body.transfer_history).toHaveLength(1);
    const now = await api.get('/api/v1/players/xavi-test');
    // The data ends with the 2025-07-01 move: the age is his age then, not today's.
    expect(now.body).toMatchObject({ current_club_id: ids.c, market_value: 99_000_000, age: 25 });
    // Without as_of, T is the data's last date (the clock is later): what changed looks at the data's last week.
    expect(now.body).toMatchObject({ as_of: '2025-07-01T00:00:00.000Z', data_as_of: '2025-07-01T00:00:00.000Z' });
    expect(now.body.what_changed_window).toEqual({ days: 7, start: '2025-06-24T00:00:00.000Z', end: '2025-07-01T00:00:00.000Z' });
    expect(now.body.predictions.find((h: { horizon_days: number }) => h.horizon_days === 90).p_move).toBe(0.9);
  });

  it('falls back to the current_club signal in force at T when there is no transfer', async () => {
    expect((await api.get('/api/v1/players/yann-signal?as_of=2024-12-01')).body.current_club).toBeNull();
    expect((await api.get('/api/v1/players/yann-signal?as_of=2025-01-01')).body.current_club_id).toBe(ids.a);
  });

  it('flags status pseudo-clubs in the ledger, destinations and what changed; his club at T is never one', async () => {
    const { body } = await api.get(`/api/v1/players/zed-retiree?as_of=${T}`);
    expect([body.current_club, body.current_club_id]).toEqual([null, null]);
    expect((await api.get(`/api/v1/players/xavi-test?as_of=${T}`)).body.current_club).toMatchObject({ name: 'Beta FC', is_status: false });
    expect(body.transfer_history[0]).toMatchObject({ from_club_name: 'Alpha FC', from_club_is_status: false, to_club_name: 'Retired', to_club_is_status: true });
    expect(body.transfer_history[1]).toMatchObject({ from_club_id: null, from_club_is_status: null, to_club_is_status: false });
    const h90 = body.predictions.find((h: { horizon_days: number }) => h.horizon_days === 90);
    type Dest = { to_club_name: string; to_club_is_status: boolean };
    expect(h90.top_destinations.map((d: Dest) => [d.to_club_name, d.to_club_is_status])).toEqual([['Beta FC', false], ['Without Club', true]]);
    type Changed = { kind: string; to_club_name: string; to_club_is_status: boolean | null };
    const changes = body.what_changed.filter((w: Changed) => w.kind === 'probability').map((w: Changed) => [w.to_club_name, w.to_club_is_status]);
    expect(changes.sort()).toEqual([['Beta FC', false], ['Without Club', true]]);
    const signal = (await api.get(`/api/v1/players/xavi-test?as_of=${T}`)).body.what_changed.find((w: Changed) => w.kind === 'signal');
    expect(signal.to_club_is_status).toBeNull();
  });

  it('costs one database round trip', async () => {
    expect(await api.roundTripsOf(() => api.get(`/api/v1/players/xavi-test?as_of=${T}`))).toBe(1);
    expect(await api.roundTripsOf(() => api.get(`/api/v1/players/zed-retiree?as_of=${T}`))).toBe(1);
  });

  it('answers 404 for unknown players and 422 for malformed input', async () => {
    expect((await api.get('/api/v1/players/nobody-here')).status).toBe(404);
    const missing = await api.get('/api/v1/players/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    for (const path of ['/api/v1/players/bad%20slug!', '/api/v1/players/xavi-test?window_days=0', '/api/v1/players/xavi-test?window_days=99999999999999999999',
      '/api/v1/players/xavi-test?as_of=2024-02-30', '/api/v1/players/xavi-test?top=x']) {
      const r = await api.get(path);
      expect(r.status, path).toBe(422);
    }
  });
});

describe('GET /api/v1/players/{id}/signals', () => {
  it('lists only signals known and in force at T', async () => {
    const { status, body } = await api.get(`/api/v1/players/xavi-test/signals?as_of=${T}`);
    expect(status).toBe(200);
    expect(body.items.map((s: { value_num: number }) => s.value_num)).toEqual([20_000_000, 10_000_000]);
    const all = await api.get(`/api/v1/players/xavi-test/signals?as_of=${T}&include_ended=true`);
    expect(all.body.items.map((s: { signal_type: string }) => s.signal_type)).toContain('injuries_status');
    expect(all.body.items.some((s: { value_num: number }) => s.value_num === 99_000_000)).toBe(false);
    const typed = await api.get(`/api/v1/players/xavi-test/signals?as_of=${T}&include_ended=true&signal_type=injuries_status`);
    expect(typed.body.items).toHaveLength(1);
    expect(typed.body.items[0]).toMatchObject({ value_text: 'hamstring', effective_to: '2024-11-01T00:00:00.000Z' });
  });

  it('paginates with a cursor, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : '';
      const { body } = await api.get(`/api/v1/players/xavi-test/signals?limit=1${q}`);
      seen.push(...body.items.map((s: { value_num: number }) => s.value_num));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([99_000_000, 20_000_000, 10_000_000]);
  });

  it('flags a status pseudo-club named by a signal', async () => {
    const retired = await api.get('/api/v1/players/zed-retiree/signals?signal_type=current_club');
    expect(retired.body.items[0]).toMatchObject({ club_name: 'Retired', club_is_status: true });
    const alpha = await api.get('/api/v1/players/yann-signal/signals?signal_type=current_club');
    expect(alpha.body.items[0]).toMatchObject({ club_name: 'Alpha FC', club_is_status: false });
    const value = await api.get(`/api/v1/players/xavi-test/signals?as_of=${T}`);
    expect(value.body.items[0]).toMatchObject({ club_id: null, club_is_status: null });
  });

  it('rejects bad filters and cursors; 404 for unknown players; one round trip', async () => {
    expect((await api.get('/api/v1/players/xavi-test/signals?signal_type=vibes')).status).toBe(422);
    expect((await api.get('/api/v1/players/xavi-test/signals?cursor=garbage')).status).toBe(422);
    expect((await api.get('/api/v1/players/xavi-test/signals?limit=501')).status).toBe(422);
    expect((await api.get('/api/v1/players/nobody/signals')).status).toBe(404);
    expect(await api.roundTripsOf(() => api.get('/api/v1/players/xavi-test/signals'))).toBe(1);
  });
});

describe('GET /api/v1/players/{id}/predictions', () => {
  it('lists snapshots published on or before T, with filters', async () => {
    const { body } = await api.get(`/api/v1/players/xavi-test/predictions?as_of=${T}`);
    expect(body.items).toHaveLength(5);
    expect(body.items.every((s: { as_of: string }) => s.as_of <= '2024-12-01')).toBe(true);
    const any = await api.get(`/api/v1/players/xavi-test/predictions?as_of=${T}&horizon_days=90&to_club=any`);
    expect(any.body.items.map((s: { probability: number }) => s.probability)).toEqual([0.4, 0.3]);
    const gamma = await api.get('/api/v1/players/xavi-test/predictions?to_club=gamma-fc');
    expect(gamma.body.items.map((s: { probability: number }) => s.probability)).toEqual([0.8, 0.2]);
    expect((await api.get('/api/v1/players/xavi-test/predictions?horizon_days=45')).status).toBe(422);
  });

  it('flags status pseudo-clubs as origin and destination', async () => {
    type Snap = { from_club_is_status: boolean | null; to_club_name: string | null; to_club_is_status: boolean | null; probability: number };
    const zed = await api.get(`/api/v1/players/zed-retiree/predictions?as_of=${T}&limit=2`);
    expect(zed.body.items.map((s: Snap) => [s.from_club_is_status, s.to_club_name, s.to_club_is_status]).sort()).toEqual([
      [true, 'Beta FC', false],
      [true, 'Without Club', true],
    ]);
    const xavi = await api.get(`/api/v1/players/xavi-test/predictions?as_of=${T}&horizon_days=90`);
    const show = (s: Snap) => [s.from_club_is_status, s.to_club_name, s.to_club_is_status];
    expect(xavi.body.items.map(show)).toContainEqual([false, null, null]);
    expect(xavi.body.items.map(show)).toContainEqual([false, 'Gamma FC', false]);
    expect(await api.roundTripsOf(() => api.get('/api/v1/players/zed-retiree/predictions'))).toBe(1);
  });

  it('paginates', async () => {
    const first = await api.get('/api/v1/players/xavi-test/predictions?limit=4');
    expect(first.body.items).toHaveLength(4);
    const second = await api.get(`/api/v1/players/xavi-test/predictions?limit=4&cursor=${first.body.next_cursor}`);
    expect(second.body.items).toHaveLength(3);
    expect(second.body.next_cursor).toBeNull();
    const all = [...first.body.items, ...second.body.items].map((s: { id: string }) => s.id);
    expect(new Set(all).size).toBe(7);
  });
});
