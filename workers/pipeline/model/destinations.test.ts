import { describe, expect, it } from 'vitest';
import { addClub, addMove, addPairSignal, addPlayer, addPlayerSignal, day, tinyDataset } from '../../../test/helpers/tiny-dataset';
import { candidateDestinations, destinationContext, destinationDrivers, destinationProbability, permanentDealClub, permanentShare, rankDestinations, valueBand } from './destinations';
import type { DestinationScorerParams } from './types';

const only = (w: Partial<DestinationScorerParams['weights']>): DestinationScorerParams => ({
  weights: { club: 0, leagueBand: 0, popularity: 0, user: 0, ...w },
  bandEdges: [1e6, 10e6],
  flowYears: 3,
});

/** From club X: two moves to Y and one to Z in the last 3 years, one old move to W; the player "p" is at X. */
function world() {
  const ds = tinyDataset('2024-06-01');
  for (const c of ['X', 'Y', 'Z', 'W', 'R1', 'R2', 'R3']) addClub(ds, c);
  addClub(ds, 'NOCLUB', null, { pseudo: true });
  for (const id of ['m1', 'm2', 'm3', 'm4', 'm5', 'p']) addPlayer(ds, id, '1998-01-01');
  addMove(ds, 'm1', 'X', 'Y', '2023-07-01');
  addPlayerSignal(ds, 'm1', 'market_value', '2023-03-01', 4e6); // same value band as p
  addMove(ds, 'm2', 'X', 'Y', '2022-07-01', 'loan');
  addMove(ds, 'm3', 'X', 'Z', '2023-01-15');
  addMove(ds, 'm4', 'X', 'W', '2020-07-01'); // older than 3 years
  addMove(ds, 'm5', 'X', 'NOCLUB', '2023-07-01', 'release'); // not a move
  addMove(ds, 'p', 'Z', 'X', '2021-07-01');
  addPlayerSignal(ds, 'p', 'market_value', '2024-04-01', 3e6);
  return ds;
}

describe('destination scorer', () => {
  it('turns club-to-club flows of the last 3 years into P(destination | move)', () => {
    const ds = world();
    const ctx = destinationContext(ds, 'p', day('2024-06-01'), only({ club: 1 }));
    expect(destinationProbability(ctx, 'Y').p).toBeCloseTo(2 / 3, 12);
    expect(destinationProbability(ctx, 'Z').p).toBeCloseTo(1 / 3, 12);
    expect(destinationProbability(ctx, 'W').p).toBe(0);
    expect(rankDestinations(ctx).map((c) => c.clubId)).toEqual(['Y', 'Z']);
  });

  it('blends sources as a distribution: shares over all clubs sum to at most 1', () => {
    const ds = world();
    addPairSignal(ds, 'p', 'R1', 'user_destination_cooccurrence', '2024-05-20', 40);
    const ctx = destinationContext(ds, 'p', day('2024-06-01'), { ...only({ club: 1, popularity: 1, user: 2 }) });
    const total = [...ds.clubs.keys()].reduce((s, c) => s + destinationProbability(ctx, c).p, 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-12);
    expect(total).toBeGreaterThan(0.7); // only p's own club X (a popularity destination) is excluded
    // Weights 1 : 1 : 2 over the three present sources; R1 only comes from readers' co-occurrence.
    expect(destinationProbability(ctx, 'R1').p).toBeCloseTo(0.5, 12);
  });

  it('ignores sources with nothing to say instead of losing their weight', () => {
    const ctx = destinationContext(world(), 'p', day('2024-06-01'), only({ club: 1, user: 1 }));
    expect(ctx.sources.map((s) => [s.name, s.weight])).toEqual([['club', 1]]);
  });

  it('bands values by the edges', () => {
    expect([null, 5e5, 1e6, 5e6, 2e7].map((v) => valueBand([1e6, 10e6], v))).toEqual([-1, 0, 1, 1, 2]);
  });

  it('gives his own club the permanent-deal share when he joined it without a fee recently, and the rest to the blend', () => {
    const ds = world();
    addPlayer(ds, 'q', '2002-01-01');
    addMove(ds, 'q', 'W', 'Z', '2021-07-01', 'permanent', 1e6);
    addMove(ds, 'q', 'Z', 'X', '2023-08-01', 'loan', 0); // 305 days before D: may be a loan
    const params = { ...only({ club: 1, former: 1 }), permanentShare: 0.3, permanentWithinDays: 800 };
    expect(permanentDealClub(ds, 'q', day('2024-06-01'), params)).toBe('X');
    const ctx = destinationContext(ds, 'q', day('2024-06-01'), params);
    expect(destinationProbability(ctx, 'X').p).toBe(0.3);
    // The other 0.7 is split equally between club flows (Y 2/3, Z 1/3) and his former clubs (W and Z, once each).
    expect(destinationProbability(ctx, 'Y').p).toBeCloseTo(0.35 * (2 / 3), 12);
    expect(destinationProbability(ctx, 'Z').p).toBeCloseTo(0.35 * (1 / 3) + 0.35 * 0.5, 12);
    expect(destinationProbability(ctx, 'W').p).toBeCloseTo(0.35 * 0.5, 12);
    const total = [...ds.clubs.keys()].reduce((s, c) => s + destinationProbability(ctx, c).p, 0);
    expect(total).toBeCloseTo(1, 12);
    expect(rankDestinations(ctx, 1)).toEqual([{ clubId: 'X', p: 0.3 }]);
    expect(destinationDrivers(ctx, 'X')[0]!.label).toMatch(/loan is often made permanent/);
    expect(candidateDestinations(ds, 'q', day('2024-06-01'), { params, randomCount: 0 })[0]).toMatchObject({ clubId: 'X', sources: ['permanent_deal'], score: 0.3 });
    // Candidates are generated before training measures the share: his club is a candidate all the same.
    const early = candidateDestinations(ds, 'q', day('2024-06-01'), { max: 3, randomCount: 1 });
    expect(early.map((c) => c.sources[0])).toEqual(['permanent_deal', 'club_flow', 'random']);
    expect(early[0]).toMatchObject({ clubId: 'X', score: 0 });
    // Too long ago, or he was bought: his own club is not a destination.
    expect(permanentDealClub(ds, 'q', day('2025-12-01'), params)).toBeNull();
    expect(permanentDealClub(ds, 'p', day('2024-06-01'), params)).toBeNull();
    expect(destinationProbability(destinationContext(ds, 'p', day('2024-06-01'), params), 'X').p).toBe(0);
  });

  it('measures the permanent-deal share over movers who may be on loan, shrunk towards 0 by five pseudo-movers', () => {
    const ds = world();
    for (const [id, dest] of [['a', 'X'], ['b', 'X'], ['c', 'Y']] as const) {
      addPlayer(ds, id, '2002-01-01');
      addMove(ds, id, 'Z', 'X', '2023-08-01', 'loan', 0);
      addMove(ds, id, 'X', dest, '2024-07-01', 'permanent', 1e6);
    }
    const at = day('2024-06-01');
    const movers = [
      { playerId: 'a', at, destination: 'X', weight: 1 },
      { playerId: 'b', at, destination: 'X', weight: 1 },
      { playerId: 'c', at, destination: 'Y', weight: 2 },
      { playerId: 'p', at, destination: 'Y', weight: 1 }, // bought by X: not a possible permanent deal, not counted
    ];
    expect(permanentShare(ds, movers)).toBeCloseTo(2 / (5 + 4), 12);
  });

  it('generates candidates from each source plus seeded random clubs, never the own club', () => {
    const ds = world();
    const a = candidateDestinations(ds, 'p', day('2024-06-01'), { max: 5, randomCount: 2, seed: 1 });
    expect(a.slice(0, 2).map((c) => c.clubId)).toEqual(['Y', 'Z']);
    expect(a[0]!.sources).toEqual(['club_flow', 'club_popularity', 'league_value_band_flow']);
    const random = a.filter((c) => c.sources[0] === 'random');
    expect(random).toHaveLength(2);
    expect(a.some((c) => c.clubId === 'X' || c.clubId === 'NOCLUB')).toBe(false);
    expect(candidateDestinations(ds, 'p', day('2024-06-01'), { max: 5, randomCount: 2, seed: 1 })).toEqual(a);
  });
});
