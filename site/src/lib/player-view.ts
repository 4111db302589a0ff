// Pure shaping of a player's predictions for the page: P(any move) per horizon, ranked destinations, chart series.
import type { Series } from './chart';
import type { Prediction } from './models';

export const HORIZONS = [30, 90, 180] as const;

/** Latest "any move" probability per horizon. */
export function anyMoveByHorizon(preds: Prediction[]): Map<number, Prediction> {
  const out = new Map<number, Prediction>();
  for (const p of preds) if (!p.toClub && !out.has(p.horizon)) out.set(p.horizon, p);
  return out;
}

/**
 * A destination that is the club he is at: he joined it without a fee (mostly a loan), and the ledger's next move
 * would be the deal made permanent. Pages say so instead of printing "Como → Como".
 */
export function isPermanentDeal(to: { id: string } | null | undefined, club: { id: string } | null | undefined): boolean {
  return !!to && !!club && to.id === club.id;
}

/** A destination's name in plain text, marked when it is a permanent deal at his own club. */
export function destinationName(to: { id: string; name: string }, club: { id: string } | null | undefined): string {
  return isPermanentDeal(to, club) ? `${to.name} (permanent deal)` : to.name;
}

/** Named destinations for one horizon, one row per club, most likely first. */
export function destinations(preds: Prediction[], horizon: number, limit = 5): Prediction[] {
  const seen = new Set<string>();
  return preds
    .filter((p) => p.toClub && p.horizon === horizon)
    .sort((a, b) => b.probability - a.probability)
    .filter((p) => (seen.has(p.toClub!.id) ? false : (seen.add(p.toClub!.id), true)))
    .slice(0, limit);
}

/** The single most likely named destination across the page's horizon (for share text and OG cards). */
export function topDestination(preds: Prediction[], horizon: number): Prediction | null {
  return destinations(preds, horizon, 1)[0] ?? null;
}

/** One series per destination (the given clubs, in order) plus "Any move", from the snapshot history. */
export function probabilitySeries(history: Prediction[], clubs: { id: string; name: string }[]): Series[] {
  const t = (p: Prediction) => Date.parse(p.asOf ?? '');
  const ok = history.filter((p) => Number.isFinite(t(p)));
  const series: Series[] = [
    { label: 'Any move', points: ok.filter((p) => !p.toClub).map((p) => ({ t: t(p), v: p.probability })) },
    ...clubs.map((c) => ({ label: c.name, points: ok.filter((p) => p.toClub?.id === c.id).map((p) => ({ t: t(p), v: p.probability })) })),
  ];
  return series.filter((s) => s.points.length > 0);
}
