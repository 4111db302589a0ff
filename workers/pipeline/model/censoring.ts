/**
 * Right-censoring of outcomes. The source stops recording a player's moves once he leaves its coverage
 * (ingest/coverage.ts), so after that day "no move in the ledger" stops meaning "did not move". A forecast's
 * outcome is known when the ledger records a move inside its window before the source stopped following the player,
 * or when the source followed him to the window's end; otherwise it is censored, and scoring it as "no move" would
 * count moves the data never saw as misses. Pure; the backtest and `evaluate` apply it.
 */
import type { Ms } from './types';

/**
 * Whether a forecast's outcome is known: the player moved inside the window on or before the last day he was
 * followed, or he was followed to the window's end. `followed` undefined means followed throughout.
 */
export function outcomeKnown(moveAt: Ms | undefined, windowEnd: Ms, followed: Ms | undefined): boolean {
  if (followed === undefined || followed >= windowEnd) return true;
  return moveAt !== undefined && moveAt <= followed;
}
