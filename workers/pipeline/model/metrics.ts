/** Forecast scoring: proper scores, ranking, calibration (quantile bins) and destination hit rates. Pure. */
import type { BinaryScore } from './types';

const EPS = 1e-12;

/** ROC AUC by ranks (ties share their mean rank); null when one class is absent. */
export function auc(p: number[], y: number[]): number | null {
  const n = p.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[idx[j + 1]!] === p[idx[i]!]) j++;
    const meanRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[idx[k]!]) {
      pos++;
      rankSum += meanRank;
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Order of indices by probability, highest first; ties keep input order (deterministic). */
function ranked(p: number[]): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
}

export function precisionAt(p: number[], y: number[], k: number): number | null {
  if (p.length < k) return null;
  const top = ranked(p).slice(0, k);
  return top.reduce((s, i) => s + (y[i] ? 1 : 0), 0) / k;
}

/** Reliability over `bins` equal-count bins of the sorted forecasts (quantile bins). */
export function reliability(p: number[], y: number[], bins = 10) {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
  const out: BinaryScore['reliability'] = [];
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * order.length) / bins);
    const hi = Math.floor(((b + 1) * order.length) / bins);
    if (hi <= lo) continue;
    let sp = 0;
    let sy = 0;
    for (let k = lo; k < hi; k++) {
      sp += p[order[k]!]!;
      sy += y[order[k]!]!;
    }
    out.push({ bin: b, count: hi - lo, meanPredicted: sp / (hi - lo), observedRate: sy / (hi - lo) });
  }
  return out;
}

export function scoreBinary(p: number[], y: number[]): BinaryScore {
  const n = p.length;
  if (n === 0 || y.length !== n) throw new Error(`scoreBinary needs equal, non-empty arrays (got ${n} and ${y.length})`);
  let positives = 0, brier = 0, logLoss = 0, sumP = 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const yi = y[i]!;
    positives += yi;
    sumP += pi;
    brier += (pi - yi) ** 2;
    logLoss -= yi * Math.log(Math.max(pi, EPS)) + (1 - yi) * Math.log(Math.max(1 - pi, EPS));
  }
  brier /= n;
  logLoss /= n;
  const rate = positives / n;
  const climatology = rate * (1 - rate);
  const rel = reliability(p, y, 10);
  const ece = rel.reduce((s, r) => s + (r.count / n) * Math.abs(r.meanPredicted - r.observedRate), 0);
  return {
    n,
    positives,
    baseRate: rate,
    meanPredicted: sumP / n,
    auc: auc(p, y),
    brier,
    brierSkill: climatology > 0 ? 1 - brier / climatology : null,
    logLoss,
    ece,
    reliability: rel,
    precisionAt20: precisionAt(p, y, 20),
    precisionAt100: precisionAt(p, y, 100),
    calibrationInTheLarge: sumP / n - rate,
  };
}

/** Share of movers whose real destination is in the first 1 / 5 / 10 of their ranked list. */
export function destinationHits(ranked: string[][], actual: string[]): { n: number; top1: number; top5: number; top10: number } {
  const n = actual.length;
  if (ranked.length !== n) throw new Error('destinationHits needs one ranked list per mover');
  const hits = { top1: 0, top5: 0, top10: 0 };
  actual.forEach((club, i) => {
    const at = ranked[i]!.indexOf(club);
    if (at < 0) return;
    if (at < 1) hits.top1++;
    if (at < 5) hits.top5++;
    if (at < 10) hits.top10++;
  });
  const share = (k: number) => (n ? k / n : 0);
  return { n, top1: share(hits.top1), top5: share(hits.top5), top10: share(hits.top10) };
}
