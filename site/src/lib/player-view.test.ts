import { describe, expect, it } from 'vitest';
import type { Prediction } from './models';
import { anyMoveByHorizon, destinationName, destinations, isPermanentDeal, probabilitySeries, topDestination } from './player-view';

const club = (id: string) => ({ id, key: id, name: id.toUpperCase(), country: null, isStatus: false });
const pred = (to: string | null, horizon: number, probability: number, asOf = '2024-12-01'): Prediction => ({
  toClub: to ? club(to) : null, horizon, probability, asOf, windowEnd: null, drivers: [],
});

describe('player view shaping', () => {
  const preds = [pred(null, 30, 0.1), pred(null, 90, 0.3), pred('a', 90, 0.05), pred('b', 90, 0.12), pred('a', 90, 0.02, '2024-11-01'), pred('c', 30, 0.5)];

  it('keeps the first (latest) any-move row per horizon', () => {
    const m = anyMoveByHorizon(preds);
    expect(m.get(30)?.probability).toBe(0.1);
    expect(m.get(90)?.probability).toBe(0.3);
    expect(m.has(180)).toBe(false);
  });

  it('ranks destinations of one horizon, one row per club', () => {
    expect(destinations(preds, 90).map((p) => [p.toClub!.id, p.probability])).toEqual([['b', 0.12], ['a', 0.05]]);
    expect(topDestination(preds, 30)?.toClub?.id).toBe('c');
    expect(topDestination(preds, 180)).toBeNull();
  });

  it('builds one series per destination plus any move, skipping empty ones', () => {
    const s = probabilitySeries(preds.filter((p) => p.horizon === 90), [{ id: 'a', name: 'A' }, { id: 'z', name: 'Z' }]);
    expect(s.map((x) => [x.label, x.points.length])).toEqual([['Any move', 1], ['A', 2]]);
  });

  it('marks a destination that is his own club as a permanent deal', () => {
    expect(isPermanentDeal(club('a'), club('a'))).toBe(true);
    expect(isPermanentDeal(club('a'), club('b'))).toBe(false);
    expect(isPermanentDeal(club('a'), null)).toBe(false);
    expect(destinationName(club('a'), club('a'))).toBe('A (permanent deal)');
    expect(destinationName(club('a'), { id: 'b' })).toBe('A');
  });
});
