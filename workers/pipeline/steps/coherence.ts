/**
 * The publish gate for probabilities (model.md, "Coherence"): whatever the model returns, what we store obeys
 *  - every value in 0..1,
 *  - P(move) non-decreasing over 30 -> 90 -> 180 days, and each destination too,
 *  - the destinations of a horizon sum to at most P(move) of that horizon,
 * and survives rounding to 4 decimals (moves are rounded, destinations floored, so sums stay under). Pure.
 */
import { HORIZONS, type Horizon } from '../../../db/schema';

export type ByHorizon = Record<Horizon, number>;
export interface Publishable {
  move: ByHorizon;
  destinations: { clubId: string; p: ByHorizon }[];
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const floor4 = (x: number) => Math.floor(x * 1e4 + 1e-9) / 1e4;

export function coherent(input: Publishable): Publishable {
  const move = {} as ByHorizon;
  let floor = 0;
  for (const h of HORIZONS) {
    floor = Math.max(floor, clamp01(input.move[h]));
    move[h] = round4(floor);
  }
  const dests = input.destinations.map((d) => ({ clubId: d.clubId, p: { ...d.p } }));
  for (const d of dests) for (const h of HORIZONS) d.p[h] = clamp01(d.p[h]);
  // Fit each horizon's destinations under its P(move), scaling them down together when they overflow.
  for (const h of HORIZONS) {
    const sum = dests.reduce((s, d) => s + d.p[h], 0);
    const scale = sum > move[h] && sum > 0 ? move[h] / sum : 1;
    for (const d of dests) d.p[h] *= scale;
  }
  // Monotone over horizons by lowering the shorter ones, which keeps every sum under its cap.
  for (const d of dests) {
    for (let i = HORIZONS.length - 2; i >= 0; i--) {
      const h = HORIZONS[i]!;
      d.p[h] = Math.min(d.p[h], d.p[HORIZONS[i + 1]!]);
    }
    for (const h of HORIZONS) d.p[h] = floor4(d.p[h]);
  }
  return { move, destinations: dests };
}

/** The invariants themselves, for tests and for checking stored data: an empty list means coherent. */
export function coherenceProblems(x: Publishable): string[] {
  const out: string[] = [];
  const eps = 1e-9;
  HORIZONS.forEach((h, i) => {
    const p = x.move[h];
    if (!(p >= 0 && p <= 1)) out.push(`P(move, ${h}d) = ${p} is outside 0..1`);
    const next = HORIZONS[i + 1];
    if (next !== undefined && p > x.move[next] + eps) out.push(`P(move, ${h}d) = ${p} > P(move, ${next}d) = ${x.move[next]}`);
    const sum = x.destinations.reduce((s, d) => s + d.p[h], 0);
    if (sum > p + eps) out.push(`destinations at ${h}d sum to ${sum} > P(move) = ${p}`);
    for (const d of x.destinations) {
      if (!(d.p[h] >= 0 && d.p[h] <= 1)) out.push(`P(${d.clubId}, ${h}d) = ${d.p[h]} is outside 0..1`);
      if (next !== undefined && d.p[h] > d.p[next] + eps) out.push(`P(${d.clubId}, ${h}d) > P(${d.clubId}, ${next}d)`);
    }
  });
  return out;
}
