/**
 * The point-in-time Dataset, built from a real database through the Neon HTTP path, with rows that WOULD leak
 * if the as-of filters were missing: they must be invisible, and the guard must throw when fed one.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { insertClub, insertCompetition, insertPlayer, insertSignal, insertTransfer } from '../../../test/helpers/factories';
import { loadDataset } from './dataset';
import { candidateDestinations } from './destinations';
import { activePlayers, buildFeatures } from './features';
import { LeakError, assertNoLeak } from './leak';
import { clubAt } from './timeline';

const T = new Date('2024-06-01T00:00:00Z');
const at = (iso: string) => new Date(`${iso}T00:00:00Z`);

let t: TestDb;
const ids = { player: '', home: '', away: '', other: '' };

beforeAll(async () => {
  t = await createTestDb('modeldataset');
  const league = await insertCompetition(t.db, { competitionType: 'domestic_league' });
  const home = await insertClub(t.db, { competitionId: league.id });
  const away = await insertClub(t.db, { competitionId: league.id });
  const other = await insertClub(t.db, { competitionId: league.id });
  const player = await insertPlayer(t.db, { dateOfBirth: '1998-03-15', position: 'FW' });
  Object.assign(ids, { player: player.id, home: home.id, away: away.id, other: other.id });

  // Visible history.
  await insertTransfer(t.db, { playerId: player.id, fromClubId: away.id, toClubId: home.id, transferDate: '2022-07-01', feeAmountEur: 5e6 });
  await insertSignal(t.db, { playerId: player.id, valueNum: 8e6, observedAt: at('2024-01-10') });
  await insertSignal(t.db, { playerId: player.id, valueNum: 6e6, observedAt: at('2023-06-10') });
  // A contract fact that held in the past and ended before T: history, not a fact at T.
  await insertSignal(t.db, { playerId: player.id, signalType: 'contract_expiry', valueNum: null, valueText: '2023-06-30', observedAt: at('2021-01-01'), effectiveTo: at('2023-06-30') });

  // Would leak: a move after T, a valuation after T, a contract fact observed after T,
  // a valuation effective before T but only observed after it, and a superseded move before T.
  await insertTransfer(t.db, { playerId: player.id, fromClubId: home.id, toClubId: other.id, transferDate: '2024-07-15', feeAmountEur: 30e6 });
  await insertSignal(t.db, { playerId: player.id, valueNum: 40e6, observedAt: at('2024-08-01') });
  await insertSignal(t.db, { playerId: player.id, signalType: 'contract_expiry', valueNum: null, valueText: '2025-06-30', observedAt: at('2024-12-12') });
  await insertSignal(t.db, { playerId: player.id, valueNum: 25e6, effectiveFrom: at('2024-05-01'), observedAt: at('2024-06-02') });
  // Context from other players: a team-mate (squad value, ranks) and a mover whose ledger row has no value.
  const mate = await insertPlayer(t.db, { dateOfBirth: '1995-01-01', position: 'FW' });
  await insertTransfer(t.db, { playerId: mate.id, fromClubId: other.id, toClubId: home.id, transferDate: '2021-01-10', feeAmountEur: 1e6 });
  await insertSignal(t.db, { playerId: mate.id, valueNum: 20e6, observedAt: at('2024-02-01') });
  const mover = await insertPlayer(t.db, { dateOfBirth: '1999-01-01' });
  await insertSignal(t.db, { playerId: mover.id, valueNum: 3e6, observedAt: at('2023-03-01') });
  await insertTransfer(t.db, { playerId: mover.id, fromClubId: home.id, toClubId: away.id, transferDate: '2023-07-01' });

  const wrong = await insertTransfer(t.db, { playerId: player.id, fromClubId: home.id, toClubId: away.id, transferDate: '2024-01-20' });
  await t.db.execute(sql`UPDATE transfer_events SET is_superseded = true, superseded_at = now(), superseded_reason = 'test: wrong row' WHERE id = ${wrong.id}`);
});

afterAll(() => undefined);

describe('loadDataset as of T', () => {
  it('sees only rows dated and observed on or before T, in one round trip', async () => {
    const before = await t.roundTrips();
    const ds = await loadDataset(t.db, T);
    expect(await t.roundTrips()).toBe(before + 1);

    const legs = ds.transfersByPlayer.get(ids.player)!;
    expect(legs.map((l) => new Date(l.date).toISOString().slice(0, 10))).toEqual(['2022-07-01']);
    const values = ds.playerSignals.get(ids.player)!.get('market_value')!;
    expect(values.num).toEqual([6e6, 8e6]);
    expect(ds.playerSignals.get(ids.player)!.get('contract_expiry')!.json).toEqual(['2023-06-30']);
    expect(clubAt(ds, ids.player, T.getTime())).toBe(ids.home);
  });

  it('builds features from the visible rows only', async () => {
    const ds = await loadDataset(t.db, T);
    expect(activePlayers(ds, T)).toContain(ids.player);
    const f = buildFeatures(ds, ids.player, T).values;
    expect(f.market_value_log).toBeCloseTo(Math.log10(8e6), 9);
    expect(f.value_change_180d).toBeCloseTo(8 / 6 - 1, 9); // the value visible 180 days earlier
    expect(f.value_change_365d).toBeNull(); // nothing was valued by 2023-06-02
    expect(f.contract_months).toBeNull(); // the 2023 contract fact had ended; the 2024-12-12 one is unseen
    expect(f.days_at_club).toBe((T.getTime() - at('2022-07-01').getTime()) / 86_400_000);
    expect(f.join_fee_log).toBeCloseTo(Math.log10(5e6), 9);
  });

  it('sees the later rows once T has passed them', async () => {
    const ds = await loadDataset(t.db, at('2024-12-12'));
    expect(clubAt(ds, ids.player, at('2024-12-12').getTime())).toBe(ids.other);
    expect(buildFeatures(ds, ids.player, at('2024-12-12')).values.contract_months).toBeCloseTo(6.6, 1);
  });

  it('gives a chunk of players the same features and destinations as the whole population', async () => {
    const whole = await loadDataset(t.db, T);
    const chunk = await loadDataset(t.db, T, { playerIds: [ids.player] });
    expect(chunk.playerSignals.get(ids.player)!.get('market_value')!.num).toEqual([6e6, 8e6]);
    expect(buildFeatures(chunk, ids.player, T).values).toEqual(buildFeatures(whole, ids.player, T).values);
    expect(buildFeatures(whole, ids.player, T).values.value_pct_at_position).toBe(1); // behind the 20m team-mate
    expect(candidateDestinations(chunk, ids.player, T, { seed: 3 })).toEqual(candidateDestinations(whole, ids.player, T, { seed: 3 }));
    // The mover's ledger row had no value: the loader filled in his value on the move's day.
    expect(whole.transfers.find((l) => l.toClubId === ids.away && l.date === at('2023-07-01').getTime())?.marketValue).toBe(3e6);
  });

  it('the guard throws on a leaking transfer or signal, and on features asked after the load date', async () => {
    const ds = await loadDataset(t.db, T);
    expect(() => assertNoLeak(ds, T)).not.toThrow();
    expect(() => buildFeatures(ds, ids.player, at('2024-06-02'))).toThrow(LeakError);

    const leg = ds.transfersByPlayer.get(ids.player)![0]!;
    ds.transfers.push({ ...leg, date: at('2024-07-15').getTime() });
    expect(() => assertNoLeak(ds, T)).toThrow(/transfer .* dated 2024-07-15/);
    ds.transfers.pop();

    const values = ds.playerSignals.get(ids.player)!.get('market_value')!;
    values.from.push(at('2024-05-01').getTime());
    values.observed.push(at('2024-06-02').getTime());
    values.to.push(Infinity);
    values.num.push(25e6);
    values.json.push(null);
    expect(() => assertNoLeak(ds, T)).toThrow(/observed at 2024-06-02/);
  });
});
