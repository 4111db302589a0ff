/**
 * Post-hoc calibration and horizon coherence. Pure.
 * Platt scaling on log-odds (p = sigmoid(a * z + b)), fitted by Newton's method on a held-out window;
 * pool-adjacent-violators makes P(move) non-decreasing across horizons with the least total change.
 */
import { sigmoid } from './gbm';
import type { Calibration } from './types';

export const IDENTITY: Calibration = { a: 1, b: 0 };

export function applyCalibration(c: Calibration, z: number): number {
  return sigmoid(c.a * z + c.b);
}

/** Maximum-likelihood (a, b) for y ~ sigmoid(a * z + b), with a small ridge towards the identity for stability. */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>, ridge = 1e-3, iterations = 50): Calibration {
  let a = 1;
  let b = 0;
  const n = z.length;
  if (n === 0) return IDENTITY;
  for (let it = 0; it < iterations; it++) {
    let ga = ridge * n * (a - 1), gb = ridge * n * b;
    let haa = ridge * n, hab = 0, hbb = ridge * n;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * z[i]! + b);
      const r = p - y[i]!;
      const w = Math.max(p * (1 - p), 1e-12);
      ga += r * z[i]!;
      gb += r;
      haa += w * z[i]! * z[i]!;
      hab += w * z[i]!;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

/** Pool-adjacent-violators on an ordered list with equal weights: the closest non-decreasing sequence. */
export function monotone(values: number[]): number[] {
  const blocks: { sum: number; count: number }[] = [];
  for (const v of values) {
    blocks.push({ sum: v, count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const prev = blocks[blocks.length - 2]!;
      if (prev.sum / prev.count <= last.sum / last.count) break;
      blocks.pop();
      prev.sum += last.sum;
      prev.count += last.count;
    }
  }
  return blocks.flatMap((b) => new Array<number>(b.count).fill(b.sum / b.count));
}
