/**
 * Right-censoring of backtest outcomes. The source (transfermarkt-datasets) follows a player's moves only while he
 * plays in a covered league: once his last covered season is over, it records no further moves of his, so "no move
 * in the ledger" stops meaning "did not move". In the bundled data, players whose last covered season was 2023/24
 * have 1,506 moves recorded in July 2024 and one in all of August; players still covered have 756 in August.
 *
 * A forecast's outcome is known when the ledger records a move inside its window before the source stopped
 * following the player, or when the source followed him to the window's end. Otherwise it is censored: scoring it
 * as "no move" counts moves the data never saw as misses. Pure functions; the backtest reads the dates from the
 * bundled dataset (backtest-command.ts).
 */
import { seasonOf } from '../ingest/plan';
import { DAY } from './timeline';
import type { Ms } from './types';

export interface CoveragePlayer {
  playerId: number;
  /** Start year of the player's last season at a covered club (2023 for 2023/24), null when unknown. */
  lastSeason: number | null;
}

export interface CoverageMove {
  playerId: number;
  /** YYYY-MM-DD. */
  date: string;
  /** A scheduled row dated after the source's snapshot (a loan's planned end): not evidence of following. */
  afterSnapshot: boolean;
}

/** A cohort's recorded moves stop at the source's last crawl: the first gap longer than this ends them. */
const MAX_GAP_DAYS = 7;

/**
 * The last day the source followed each player's moves (YYYY-MM-DD), by Transfermarkt player id. Players still at
 * a covered club in the snapshot's season are followed to the snapshot. The others form one cohort per last
 * season S, followed from the end of that season (S+1-06-30) through the summer for as long as the cohort's moves
 * keep coming, up to the first gap of more than a week between recorded moves (its last crawl; the bundled
 * 2023/24 cohort ends on 2024-07-31, while a stray row of 2024-08-10 stands alone). Without a season, no date.
 */
export function followedUntil(players: CoveragePlayer[], moves: CoverageMove[], snapshot: string): Map<number, string> {
  const current = seasonOf(snapshot);
  const seasonOfPlayer = new Map(players.map((p) => [p.playerId, p.lastSeason]));
  const datesOf = new Map<number, Set<string>>();
  for (const m of moves) {
    const season = seasonOfPlayer.get(m.playerId);
    if (season == null || season >= current || m.afterSnapshot || m.date > snapshot || m.date < seasonEnd(season)) continue;
    const dates = datesOf.get(season) ?? new Set();
    dates.add(m.date);
    datesOf.set(season, dates);
  }
  const cohortEnd = new Map<number, string>();
  for (const [season, dates] of datesOf) {
    const sorted = [...dates].sort();
    let end = seasonEnd(season);
    for (const d of sorted) {
      if ((Date.parse(d) - Date.parse(end)) / DAY > MAX_GAP_DAYS) break;
      end = d;
    }
    cohortEnd.set(season, end);
  }
  const out = new Map<number, string>();
  for (const p of players) {
    if (p.lastSeason == null) continue;
    out.set(p.playerId, p.lastSeason >= current ? snapshot : (cohortEnd.get(p.lastSeason) ?? seasonEnd(p.lastSeason)));
  }
  return out;
}

const seasonEnd = (season: number) => `${season + 1}-06-30`;

/**
 * Whether a forecast's outcome is known: the player moved inside the window on or before the last day he was
 * followed, or he was followed to the window's end. `followed` undefined means followed throughout.
 */
export function outcomeKnown(moveAt: Ms | undefined, windowEnd: Ms, followed: Ms | undefined): boolean {
  if (followed === undefined || followed >= windowEnd) return true;
  return moveAt !== undefined && moveAt <= followed;
}
