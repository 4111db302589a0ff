import { describe, expect, it } from 'vitest';
import { averageModels, binOf, contributions, importances, predictRaw, quantileEdges, sigmoid, trainGbm } from './gbm';
import { mulberry32 } from './random';

const exact = { trees: 1, depth: 1, learningRate: 1, minLeaf: 1, lambda: 0, subsample: 1 };

describe('binning', () => {
  it('puts missing values in bin 0 and the rest by quantile edges', () => {
    const edges = quantileEdges(Float64Array.from([1, 2, 3, 4, NaN]), 4);
    expect(edges).toEqual([2, 3]); // the top edge (4) would split nothing off and is dropped
    expect([null, NaN, 1, 2, 3, 4, 9].map((v) => binOf(edges, v))).toEqual([0, 0, 1, 1, 2, 3, 3]);
    expect(quantileEdges(Float64Array.from([NaN, NaN]), 4)).toEqual([]);
  });
});

describe('trainGbm', () => {
  it('first tree matches the Newton step by hand: leaves -G/H on each side of the split', () => {
    // base = logit(0.5) = 0, so p = 0.5, g = p - y = +-0.5, h = 0.25: left leaf -(1)/(0.5) = -2, right +2.
    const m = trainGbm(['x'], [Float64Array.from([0, 0, 1, 1])], [0, 0, 1, 1], exact);
    expect(m.base).toBe(0);
    const [root, left, right] = m.trees[0]!;
    expect(root).toMatchObject({ f: 0, b: 1, v: 0 });
    expect(left!.v).toBe(-2);
    expect(right!.v).toBe(2);
    expect(predictRaw(m, [0])).toBe(-2);
    expect(predictRaw(m, [1])).toBe(2);
  });

  it('gives rows of weight 0 no say', () => {
    const few = trainGbm(['x'], [Float64Array.from([0, 0, 1, 1])], [0, 1, 1, 1], { ...exact, trees: 5 });
    const more = trainGbm(['x'], [Float64Array.from([0, 0, 1, 1, 0, 1])], [0, 1, 1, 1, 1, 0], { ...exact, trees: 5 }, [1, 1, 1, 1, 0, 0]);
    for (const x of [0, 1]) expect(predictRaw(more, [x])).toBeCloseTo(predictRaw(few, [x]), 12);
  });

  it('learns where missing values go', () => {
    const x = Float64Array.from([NaN, NaN, NaN, 0, 0, 0, 1, 1, 1]);
    const y = [1, 1, 1, 0, 0, 0, 0, 0, 0];
    const m = trainGbm(['x'], [x], y, { ...exact, trees: 20, learningRate: 0.5 });
    expect(sigmoid(predictRaw(m, [null]))).toBeGreaterThan(0.9);
    expect(sigmoid(predictRaw(m, [0]))).toBeLessThan(0.1);
  });

  it('is deterministic for a seed, and contributions add up to the raw score', () => {
    const r = mulberry32(3);
    const n = 2000;
    const cols = [Float64Array.from({ length: n }, () => r()), Float64Array.from({ length: n }, () => (r() < 0.2 ? NaN : r()))];
    const y = Array.from({ length: n }, (_, i) => (r() < 0.2 + 0.5 * cols[0]![i]! ? 1 : 0));
    const opts = { trees: 30, depth: 3, minLeaf: 20, subsample: 0.7, seed: 11 };
    const a = trainGbm(['a', 'b'], cols, y, opts);
    expect(JSON.stringify(trainGbm(['a', 'b'], cols, y, opts))).toBe(JSON.stringify(a));
    expect(JSON.stringify(trainGbm(['a', 'b'], cols, y, { ...opts, seed: 12 }))).not.toBe(JSON.stringify(a));
    for (const row of [[0.1, 0.5], [0.9, null], [0.5, 0.2]]) {
      const c = contributions(a, row);
      expect(c.bias + c.perFeature[0]! + c.perFeature[1]!).toBeCloseTo(predictRaw(a, row), 10);
    }
    // The informative feature moves predictions more than the noise feature.
    const imp = importances(a, cols);
    expect(imp.a).toBeGreaterThan(imp.b!);
    expect(imp.a! + imp.b!).toBeCloseTo(1, 3);
  });
});

describe('averageModels', () => {
  const r = mulberry32(5);
  const n = 1000;
  const cols = [Float64Array.from({ length: n }, () => r()), Float64Array.from({ length: n }, () => (r() < 0.3 ? NaN : r()))];
  const y = Array.from({ length: n }, (_, i) => (r() < 0.1 + 0.6 * cols[0]![i]! ? 1 : 0));
  const opts = { trees: 20, depth: 3, minLeaf: 20, subsample: 0.5 };
  const members = [1, 2, 3].map((seed) => trainGbm(['a', 'b'], cols, y, { ...opts, seed }));

  it('scores the mean of its members\' log-odds, and its contributions still add up to that score', () => {
    const bag = averageModels(members);
    expect(bag.trees).toHaveLength(60);
    for (const row of [[0.1, 0.5], [0.9, null], [0.5, 0.2], [null, null]]) {
      const mean = members.reduce((s, m) => s + predictRaw(m, row), 0) / 3;
      expect(predictRaw(bag, row)).toBeCloseTo(mean, 5); // outputs keep six significant digits
      const c = contributions(bag, row);
      expect(c.bias + c.perFeature[0]! + c.perFeature[1]!).toBeCloseTo(predictRaw(bag, row), 10);
    }
    expect(averageModels(members.slice(0, 1))).toBe(members[0]);
  });

  it('refuses members binned on other rows or features', () => {
    const other = trainGbm(['a', 'b'], [cols[0]!.map((v) => v * 2), cols[1]!], y, { ...opts, seed: 1 });
    expect(() => averageModels([members[0]!, other])).toThrow(/different features or bins/);
    expect(() => averageModels([])).toThrow(/no models/);
  });
});
