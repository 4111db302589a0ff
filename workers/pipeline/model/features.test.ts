import { describe, expect, it } from 'vitest';
import { addClub, addMove, addPlayer, addPlayerSignal, day, tinyDataset } from '../../../test/helpers/tiny-dataset';
import { activePlayers, buildFeatures, describeFeature, positionCode } from './features';
import { LeakError } from './leak';
import { firstMoveIn } from './timeline';

/** Club A (rich) and club B in league L1; "p" moved A -> B on loan-like terms, "q" is B's other player. */
function world() {
  const ds = tinyDataset('2024-06-01');
  addClub(ds, 'A');
  addClub(ds, 'B');
  addClub(ds, 'Y', null, { youth: true });
  addPlayer(ds, 'p', '2000-06-01', 'FW');
  addPlayer(ds, 'q', '1990-01-01', 'DF');
  addPlayer(ds, 'a', '1995-01-01');
  addPlayer(ds, 'old', '1980-01-01');
  addPlayer(ds, 'kid', '2008-01-01');
  addMove(ds, 'a', null, 'A', '2019-07-01', 'free_agent_signing');
  addPlayerSignal(ds, 'a', 'market_value', '2024-03-01', 90e6);
  addMove(ds, 'p', 'A', 'B', '2022-07-01', 'loan', 0);
  addMove(ds, 'p', 'B', 'A', '2023-06-30', 'loan_return', 0);
  addMove(ds, 'p', 'A', 'B', '2023-08-15', 'free_transfer', 0);
  addPlayerSignal(ds, 'p', 'market_value', '2023-05-01', 10e6);
  addPlayerSignal(ds, 'p', 'market_value', '2024-05-01', 8e6);
  addPlayerSignal(ds, 'p', 'season_appearances', '2024-01-01', 1800, { year: 2023, games: 25, minutes: 1800, goals: 7, assists: 3 });
  addPlayerSignal(ds, 'p', 'contract_expiry', '2024-01-15', null, '2024-12-01');
  addMove(ds, 'q', 'A', 'B', '2020-01-10', 'permanent', 2e6);
  addPlayerSignal(ds, 'q', 'market_value', '2024-04-01', 2e6);
  addMove(ds, 'old', 'A', 'B', '2020-01-10', 'permanent', 1e6);
  addPlayerSignal(ds, 'old', 'market_value', '2024-04-01', 1e5);
  addMove(ds, 'kid', 'A', 'Y', '2023-01-10', 'youth_promotion');
  addPlayerSignal(ds, 'kid', 'market_value', '2024-04-01', 1e5);
  return ds;
}

describe('activePlayers', () => {
  it('keeps players at a league club, aged 16-38, valued in the last year, with a ledger history', () => {
    // old is 44, kid plays for a youth side, the others qualify.
    expect(activePlayers(world(), day('2024-06-01'))).toEqual(['a', 'p', 'q']);
    // In March, q and the others had no value yet; p's May 2023 value was still under a year old.
    expect(activePlayers(world(), day('2024-03-15'))).toEqual(['a', 'p']);
  });

  it('leaves out a player once it is known that the source stopped following him, not before', () => {
    const ds = world();
    // Learned on 2024-05-20 that the source stopped following q on 2024-04-30.
    addPlayerSignal(ds, 'q', 'ledger_followed_until', '2024-05-20', null, '2024-04-30');
    expect(activePlayers(ds, day('2024-06-01'))).toEqual(['a', 'p']);
    expect(activePlayers(ds, day('2024-05-19'))).toEqual(['a', 'p', 'q']);
  });
});

describe('buildFeatures', () => {
  it('computes each feature from the rows visible at D', () => {
    const f = buildFeatures(world(), 'p', day('2024-06-01')).values;
    expect(f.age).toBeCloseTo(24, 2);
    expect(f.position).toBe(3);
    expect(f.market_value_log).toBeCloseTo(Math.log10(8e6), 12);
    expect(f.value_change_365d).toBeCloseTo(-0.2, 12); // 10m visible on 2023-06-02 -> 8m
    expect(f.value_to_peak).toBeCloseTo(0.8, 12);
    // League clubs at D: A (a 90m) and B (p 8m, q 2m, old 0.1m); the youth side Y does not count as a typical club.
    // The typical (median) league club has 2 valued players and log10 value halfway between A's and B's; L1 holds
    // every valued player in a league, so it is the average league.
    expect(f.squad_value_rel).toBeCloseTo((Math.log10(10.1e6) - Math.log10(90e6)) / 2, 12);
    expect(f.value_to_squad_mean).toBeCloseTo(8e6 / (10.1e6 / 3), 12);
    expect(f.value_pct_in_squad).toBe(0); // the most valuable of three
    expect(f.value_pct_at_position).toBe(0); // the only forward at B
    expect(f.squad_size_rel).toBe(1.5);
    expect(f.league_strength).toBeCloseTo(0, 12);
    expect(buildFeatures(world(), 'q', day('2024-06-01')).values.value_pct_in_squad).toBe(0.5); // second of three
    expect(f.days_at_club).toBe((day('2024-06-01') - day('2023-08-15')) / 86_400_000);
    expect(f.moves_3y).toBe(2); // the loan out and the free transfer; the return is not a move
    expect(f.loans_3y).toBe(1);
    expect(f.back_from_loan).toBe(0);
    expect(f.joined_without_fee).toBe(1);
    expect(f.previous_club_gap).toBeCloseTo(Math.log10(90e6) - Math.log10(10.1e6), 12);
    expect(f.games_last_year).toBe(25);
    expect(f.minutes_last_year).toBe(1800);
    expect(f.goals_last_year).toBe(7);
    expect(f.contract_months).toBeCloseTo((day('2024-12-01') - day('2024-06-01')) / (30.4375 * 86_400_000), 12);
    expect(f.club_intake).toBeCloseTo(1 / 3, 12); // p's own arrival, per valued player
    expect(f.club_turnover).toBe(0);
    expect(f.moved_a_year_ago).toBe(1); // the 2023-08-15 move is in (2023-06-02, 2023-08-31]; the return is not a move
    expect(f.user_attention_velocity).toBeNull();
    expect(f.month_of_year).toBe(6);
  });

  it('does not see a fact before it was observed, and refuses dates after the data', () => {
    const ds = world();
    addPlayerSignal(ds, 'q', 'contract_expiry', '2024-01-01', null, '2025-06-30', '2024-06-01');
    expect(buildFeatures(ds, 'q', day('2024-05-31')).values.contract_months).toBeNull();
    expect(buildFeatures(ds, 'q', day('2024-06-01')).values.contract_months).toBeCloseTo(13, 0);
    expect(() => buildFeatures(ds, 'q', day('2024-06-02'))).toThrow(LeakError);
  });
});

describe('labels', () => {
  it('counts the first qualifying move in (D, D + H], not loan returns', () => {
    const ds = world();
    const legs = ds.transfersByPlayer.get('p')!;
    expect(firstMoveIn(ds, legs, day('2023-06-01'), day('2023-08-14'))).toBeUndefined(); // only the loan return
    expect(firstMoveIn(ds, legs, day('2023-06-01'), day('2023-08-15'))?.toClubId).toBe('B');
    expect(firstMoveIn(ds, legs, day('2022-07-01'), day('2023-12-31'))?.type).toBe('free_transfer'); // (D, ...]: D itself excluded
  });
});

describe('describeFeature', () => {
  it('says it in plain words', () => {
    expect(describeFeature('contract_months', 6.2)).toBe('Contract expires in 6 months');
    expect(describeFeature('value_change_365d', -0.2)).toBe('Market value fell 20% in a year');
    expect(describeFeature('age', 24.7)).toBe('Age 24');
    expect(describeFeature('league_strength', Math.log10(3))).toBe('Plays in a league whose players are worth 3.0× the average');
    expect(describeFeature('value_pct_in_squad', 0)).toBe('Most valuable in his squad');
    expect(describeFeature('value_pct_in_squad', 0.2)).toBe('In the top 20% by value in his squad');
    expect(describeFeature('value_pct_at_position', 0.9)).toBe('In the bottom 10% by value in his position at his club');
    expect(describeFeature('joined_without_fee', 1)).toBe('Joined without a fee (free or on loan)');
    expect(describeFeature('contract_months', null)).toBe('Months left on contract: unknown');
  });

  it('maps positions from codes and words', () => {
    expect(['GK', 'CB', 'DM', 'ST', 'Attack', null].map((p) => positionCode(p, null))).toEqual([0, 1, 2, 3, 3, null]);
  });
});
