import { describe, expect, it } from 'vitest';
import { addClub, addMove, addPairSignal, addPlayer, addPlayerSignal, day, tinyDataset } from '../../../test/helpers/tiny-dataset';
import { candidateDestinations, destinationContext, destinationProbability, rankDestinations, valueBand } from './destinations';
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
