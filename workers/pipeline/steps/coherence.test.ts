import { describe, expect, it } from 'vitest';
import { coherenceProblems, coherent } from './coherence';

describe('coherent', () => {
  it('makes P(move) non-decreasing over horizons by carrying the larger value forward', () => {
    const out = coherent({ move: { 30: 0.3, 90: 0.2, 180: 0.5 }, destinations: [] });
    expect(out.move).toEqual({ 30: 0.3, 90: 0.3, 180: 0.5 });
  });

  it('clamps values to 0..1 and maps non-numbers to 0', () => {
    const out = coherent({ move: { 30: -0.2, 90: Number.NaN, 180: 1.7 }, destinations: [] });
    expect(out.move).toEqual({ 30: 0, 90: 0, 180: 1 });
  });

  it('scales destinations down together when they sum above P(move)', () => {
    const out = coherent({
      move: { 30: 0.1, 90: 0.2, 180: 0.4 },
      destinations: [
        { clubId: 'a', p: { 30: 0.1, 90: 0.2, 180: 0.3 } },
        { clubId: 'b', p: { 30: 0.1, 90: 0.1, 180: 0.1 } },
      ],
    });
    // 30d: 0.2 > 0.1, so both halve; 90d: 0.3 > 0.2, scale 2/3; 180d: 0.4 = 0.4, unchanged.
    expect(out.destinations).toEqual([
      { clubId: 'a', p: { 30: 0.05, 90: 0.1333, 180: 0.3 } },
      { clubId: 'b', p: { 30: 0.05, 90: 0.0666, 180: 0.1 } },
    ]);
    expect(coherenceProblems(out)).toEqual([]);
  });

  it('lowers a shorter-horizon destination that exceeds the longer one', () => {
    const out = coherent({ move: { 30: 0.5, 90: 0.5, 180: 0.5 }, destinations: [{ clubId: 'a', p: { 30: 0.3, 90: 0.2, 180: 0.25 } }] });
    expect(out.destinations[0]!.p).toEqual({ 30: 0.2, 90: 0.2, 180: 0.25 });
  });

  it('keeps sums under P(move) after rounding to 4 decimals', () => {
    const third = 0.123456 / 3;
    const out = coherent({ move: { 30: 0.123456, 90: 0.123456, 180: 0.123456 }, destinations: ['a', 'b', 'c'].map((clubId) => ({ clubId, p: { 30: third, 90: third, 180: third } })) });
    expect(out.move[30]).toBe(0.1235);
    expect(out.destinations.map((d) => d.p[30])).toEqual([0.0411, 0.0411, 0.0411]);
    expect(coherenceProblems(out)).toEqual([]);
  });

  it('leaves coherent input as it is (up to rounding)', () => {
    const input = { move: { 30: 0.1, 90: 0.2, 180: 0.3 }, destinations: [{ clubId: 'a', p: { 30: 0.01, 90: 0.02, 180: 0.03 } }] };
    expect(coherent(input)).toEqual(input);
  });
});

describe('coherenceProblems', () => {
  it('names each broken invariant', () => {
    const problems = coherenceProblems({ move: { 30: 0.4, 90: 0.3, 180: 1.2 }, destinations: [{ clubId: 'a', p: { 30: 0.5, 90: 0.1, 180: 0.1 } }] });
    expect(problems).toEqual([
      'P(move, 30d) = 0.4 > P(move, 90d) = 0.3',
      'destinations at 30d sum to 0.5 > P(move) = 0.4',
      'P(a, 30d) > P(a, 90d)',
      'P(move, 180d) = 1.2 is outside 0..1',
    ]);
  });
});
