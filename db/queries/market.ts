/**
 * The market views, each ONE round trip: the probability table (latest snapshot per player, destination and
 * horizon at T, filtered, deterministically ordered, keyset-paginated) and the movers (largest probability
 * changes over a window ending at T). Per-row player facts (market value, contract) are computed for the page only.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { isLatestAt, probabilityJoins, probabilityRow, type ProbabilityRow } from './predictions';
import { readAt } from './read';
import { idOf, refFound, ts, minusDays, type Instant } from './sql';

export interface MarketFilter {
  horizon?: number;
  competitionId?: string;
  clubRef?: string;
  position?: string;
  minProbability?: number;
  /** Only "any move" rows, or only destination rows. */
  kind?: 'any' | 'destination';
  /** Sort key of the last row of the previous page: [probability, player name, player id, horizon, to-club key]. */
  cursor?: [number, string, string, number, string];
  limit: number;
}

export type MarketRow = ProbabilityRow & { cursor_key: string };

const toKey = (a: string) => sql`COALESCE(${sql.raw(a)}.to_club_id::text, '')`;

export async function marketLatest(db: Db, t: Instant, f: MarketFilter) {
  // Every filter applies to the LATEST snapshot of each key, so an older snapshot can never resurface through one.
  const where: SQL[] = [isLatestAt('l', t)];
  if (f.horizon) where.push(sql`l.horizon_days = ${f.horizon}`);
  if (f.kind === 'any') where.push(sql`l.to_club_id IS NULL`);
  if (f.kind === 'destination') where.push(sql`l.to_club_id IS NOT NULL`);
  if (f.minProbability !== undefined) where.push(sql`l.probability >= ${f.minProbability}`);
  // Unknown club or competition: the handler answers 404. The uncorrelated EXISTS guards are one-time filters, so
  // PostgreSQL skips the probability walk instead of scanning the whole index for rows that cannot exist.
  const refs = [refFound('clubs', f.clubRef), refFound('competitions', f.competitionId)];
  where.push(...refs);
  if (f.clubRef) {
    const club = idOf('clubs', f.clubRef);
    where.push(sql`(l.from_club_id = ${club} OR l.to_club_id = ${club})`);
  }
  if (f.competitionId) {
    where.push(sql`EXISTS (SELECT 1 FROM clubs cc WHERE cc.competition_id = ${f.competitionId}::uuid AND (cc.id = l.from_club_id OR cc.id = l.to_club_id))`);
  }
  if (f.position) {
    // Gate as above: a valid code no player holds (e.g. FW when every forward has a finer code) skips the walk.
    where.push(sql`EXISTS (SELECT 1 FROM players gp WHERE gp.position = ${f.position} OR gp.position_group = ${f.position})`);
    where.push(sql`(lp.position = ${f.position} OR lp.position_group = ${f.position})`);
  }
  if (f.cursor) {
    const [p, name, pid, h, k] = f.cursor;
    // The first condition is implied by the second; it lets the probability index start at the cursor.
    where.push(sql`l.probability <= ${p}`);
    where.push(sql`(-l.probability, lp.name, l.player_id, l.horizon_days, ${toKey('l')}) > (${-p}::float8, ${name}::text, ${pid}::uuid, ${h}::int, ${k}::text)`);
  }
  const { results, freshness } = await readAt<[{ club_found: boolean; competition_found: boolean }[], MarketRow[]]>(db, t, [
    sql`SELECT ${refs[0]} AS club_found, ${refs[1]} AS competition_found`,
    // The page is chosen on narrow rows, walking ix_prediction_snapshots_probability (DESC NULLS LAST, hence the
    // explicit NULLS LAST); wide columns are joined after.
    sql`SELECT ${probabilityRow(t)}, pg.cursor_key FROM (
          SELECT l.id, lp.name AS player_sort_name, ${toKey('l')} AS cursor_key
            FROM prediction_snapshots l JOIN players lp ON lp.id = l.player_id
           WHERE ${sql.join(where, sql` AND `)}
           ORDER BY l.probability DESC NULLS LAST, lp.name, l.player_id, l.horizon_days, ${toKey('l')}
           LIMIT ${f.limit + 1}) pg
        JOIN prediction_snapshots s ON s.id = pg.id ${probabilityJoins}
        ORDER BY s.probability DESC, pg.player_sort_name, s.player_id, s.horizon_days, pg.cursor_key`,
  ]);
  const found = results[0][0]!;
  return { rows: results[1], freshness, clubFound: found.club_found, competitionFound: found.competition_found };
}

export type MoverRow = ProbabilityRow & { start_probability: number | null; change: number };

/**
 * Largest probability changes between S = T - windowDays and T, per (player, destination, horizon): only keys with
 * a snapshot published inside the window can have changed, so the scan starts from those. A key with no snapshot at
 * S is new, not a change from 0, and is left out.
 */
export async function marketMovers(
  db: Db,
  t: Instant,
  f: { windowDays: number; horizon: number; kind?: 'any' | 'destination'; direction: 'up' | 'down' | 'both'; minChange: number; limit: number },
) {
  const start = minusDays(t, f.windowDays);
  const keys: SQL[] = [sql`ps.as_of > ${ts(start)}`, sql`ps.as_of <= ${ts(t)}`, sql`ps.horizon_days = ${f.horizon}`,
    // A one-time gate: with nothing published by S (e.g. the first run's data) no key can have changed, so the
    // window is not scanned at all.
    sql`EXISTS (SELECT 1 FROM prediction_snapshots g WHERE g.as_of <= ${ts(start)} AND g.horizon_days = ${f.horizon})`];
  if (f.kind === 'any') keys.push(sql`ps.to_club_id IS NULL`);
  if (f.kind === 'destination') keys.push(sql`ps.to_club_id IS NOT NULL`);
  const latestAt = (at: Instant) => sql`SELECT x.* FROM prediction_snapshots x
     WHERE x.player_id = k.player_id AND x.horizon_days = k.horizon_days
       AND (x.to_club_id = k.to_club_id OR (x.to_club_id IS NULL AND k.to_club_id IS NULL)) AND x.as_of <= ${ts(at)}
     ORDER BY x.as_of DESC, x.created_at DESC LIMIT 1`;
  const dir = f.direction === 'up' ? sql`d.change > 0` : f.direction === 'down' ? sql`d.change < 0` : sql`TRUE`;
  const { results, freshness } = await readAt<[MoverRow[]]>(db, t, [
    sql`SELECT ${probabilityRow(t)}, s.start_probability, s.change FROM (
          SELECT d.* FROM (
            SELECT e.*, st.probability AS start_probability, round((e.probability - st.probability)::numeric, 6)::float8 AS change
              FROM (SELECT DISTINCT ps.player_id, ps.horizon_days, ps.to_club_id FROM prediction_snapshots ps WHERE ${sql.join(keys, sql` AND `)}) k
              -- The start first: keys without one (new) are dropped before the end is looked up.
              CROSS JOIN LATERAL (${latestAt(start)}) st
              CROSS JOIN LATERAL (${latestAt(t)}) e) d
           WHERE abs(d.change) >= ${f.minChange} AND ${dir}
           ORDER BY abs(d.change) DESC, d.player_id, COALESCE(d.to_club_id::text, '')
           LIMIT ${f.limit}) s ${probabilityJoins}
        ORDER BY abs(s.change) DESC, p.name, COALESCE(s.to_club_id::text, '')`,
  ]);
  return { rows: results[0], freshness };
}
