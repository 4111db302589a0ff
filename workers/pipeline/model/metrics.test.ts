import { describe, expect, it } from 'vitest';
import { auc, destinationHits, precisionAt, reliability, scoreBinary } from './metrics';

describe('scoreBinary', () => {
  it('computes AUC by ranks, with ties counted half', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([0.2, 0.3], [1, 1])).toBeNull();
  });

  it('computes Brier, skill against the observed rate, and log loss', () => {
    const s = scoreBinary([0.2, 0.8], [0, 1]);
    expect(s.brier).toBeCloseTo(0.04, 12);
    expect(s.brierSkill).toBeCloseTo(1 - 0.04 / 0.25, 12);
    expect(s.logLoss).toBeCloseTo(-Math.log(0.8), 12);
    expect(s.calibrationInTheLarge).toBeCloseTo(0, 12);
    expect(s.precisionAt20).toBeNull();
  });

  it('computes ECE over 10 equal-count (quantile) bins', () => {
    const p = [0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.9, 0.9];
    const y = [0, 0, 0, 0, 1, 1, 1, 1, 1, 0];
    // One forecast per bin: |p - y| is 0.1 eight times and 0.9 twice.
    expect(scoreBinary(p, y).ece).toBeCloseTo((8 * 0.1 + 2 * 0.9) / 10, 12);
    const twenty = [...p, ...p];
    const bins = reliability(twenty, [...y, ...y], 10);
    expect(bins).toHaveLength(10);
    expect(bins.every((b) => b.count === 2)).toBe(true);
  });

  it('takes precision at k from the highest forecasts, ties in input order', () => {
    expect(precisionAt([0.9, 0.5, 0.8, 0.5], [1, 1, 0, 0], 2)).toBe(0.5);
    expect(precisionAt([0.5, 0.5, 0.5], [1, 0, 0], 1)).toBe(1);
  });

  it('rejects mismatched inputs', () => {
    expect(() => scoreBinary([0.1], [])).toThrow(/equal/);
  });
});

describe('destinationHits', () => {
  it('counts the real destination in the top 1, 5 and 10', () => {
    const ranked = [['a', 'b'], ['b', 'c', 'd', 'e', 'f', 'a'], ['x']];
    expect(destinationHits(ranked, ['a', 'a', 'a'])).toEqual({ n: 3, top1: 1 / 3, top5: 1 / 3, top10: 2 / 3 });
  });
});
