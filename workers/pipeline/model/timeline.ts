/** Point-in-time lookups over a Dataset: a player's club, moves and signals as they were known at a date D. Pure. */
import type { Dataset, Ms, SignalSeries, TransferRow } from './types';

export const DAY: Ms = 86_400_000;

/** What counts as changing club (model.md): not loan returns, youth promotions, releases or retirements. */
export const QUALIFYING_TYPES = new Set(['permanent', 'free_transfer', 'loan', 'loan_with_option', 'loan_with_obligation', 'free_agent_signing']);

export function isQualifyingMove(ds: Pick<Dataset, 'clubs'>, t: TransferRow): boolean {
  return QUALIFYING_TYPES.has(t.type) && !ds.clubs.get(t.toClubId)?.isStatusPseudo;
}

/** Index of the last element with key <= at in an ascending array, or -1. */
export function lastAtOrBefore<T>(rows: T[], at: Ms, key: (r: T) => Ms): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(rows[mid]!) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The player's ledger legs dated on or before D (ledger order). */
export function legsAt(ds: Dataset, playerId: string, at: Ms): TransferRow[] {
  const legs = ds.transfersByPlayer.get(playerId) ?? [];
  return legs.slice(0, lastAtOrBefore(legs, at, (t) => t.date) + 1);
}

/** Index of the row of a series that holds at D (latest effective, then latest observed), or -1. */
export function visibleIndex(s: SignalSeries | undefined, at: Ms): number {
  if (!s) return -1;
  for (let i = s.from.length - 1; i >= 0; i--) {
    if (s.from[i]! <= at && s.observed[i]! <= at && s.to[i]! > at) return i;
  }
  return -1;
}

export function playerSeries(ds: Dataset, playerId: string, type: string): SignalSeries | undefined {
  return ds.playerSignals.get(playerId)?.get(type);
}

/**
 * The player's club at D: destination of his latest leg on or before D, else the club of a current_club
 * (player-club pair) signal visible at D.
 */
export function clubAt(ds: Dataset, playerId: string, at: Ms): string | null {
  const legs = ds.transfersByPlayer.get(playerId) ?? [];
  const i = lastAtOrBefore(legs, at, (t) => t.date);
  if (i >= 0) return legs[i]!.toClubId;
  let best: { club: string; from: Ms } | null = null;
  for (const [club, s] of ds.pairSignals.get(playerId)?.get('current_club') ?? []) {
    const k = visibleIndex(s, at);
    if (k >= 0 && (!best || s.from[k]! > best.from)) best = { club, from: s.from[k]! };
  }
  return best && ds.clubs.has(best.club) ? best.club : null;
}

/** First qualifying move of a player in (from, to], from a ledger ordered by date. */
export function firstMoveIn(ds: Pick<Dataset, 'clubs'>, legs: TransferRow[], from: Ms, to: Ms): TransferRow | undefined {
  for (let i = lastAtOrBefore(legs, from, (t) => t.date) + 1; i < legs.length; i++) {
    const t = legs[i]!;
    if (t.date > to) return undefined;
    if (isQualifyingMove(ds, t)) return t;
  }
  return undefined;
}

export function ageYears(dob: Ms | null, at: Ms): number | null {
  return dob === null ? null : (at - dob) / (365.25 * DAY);
}
