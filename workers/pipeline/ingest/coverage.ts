/**
 * How long the source followed each player. transfermarkt-datasets records a player's moves only while he plays in
 * a covered league: once his last covered season is over, it records no further moves of his (in the bundled data,
 * players whose last covered season was 2023/24 have 1,506 moves dated July 2024 and one in all of August; players
 * still covered have 756 in August). Later windows of such a player are censored (model/censoring.ts). Pure.
 */
import { DAY } from '../model/timeline';

/** Season year (2024 = 2024/25) of a date; seasons start on 1 July. */
export const seasonOf = (date: string) => Number(date.slice(0, 4)) - (Number(date.slice(5, 7)) < 7 ? 1 : 0);

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
