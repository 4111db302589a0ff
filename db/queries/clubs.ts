/**
 * The club page as of T in ONE round trip: the club, its squad at T (each player's club is resolved from the
 * ledger and current_club signals, not a stored column), the most likely departures and arrivals (latest snapshot
 * per player and destination), and the transfers of the 365 days up to T.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { latestSnapshots, probabilityJoins, probabilityRow, type ProbabilityRow } from './predictions';
import { readAt } from './read';
import { ageAt, clubAsOf, contractMonthsAsOf, idOf, iso, latestSignalNum, refMatches, signalVisible, ts, tsDate, minusDays, type Instant } from './sql';
import { transfersAt, type TransferRow } from './transfers';

export interface ClubRow {
  id: string;
  slug: string;
  name: string;
  short_name: string | null;
  country: string | null;
  stadium: string | null;
  stadium_capacity: number | null;
  logo_url: string | null;
  transfermarkt_id: string | null;
  is_active: boolean;
  competition: { id: string; name: string; short_name: string | null; country: string } | null;
  created_at: string;
}

export interface SquadRow {
  id: string;
  slug: string;
  name: string;
  position: string | null;
  nationality: string | null;
  photo_url: string | null;
  age: number | null;
  market_value: number | null;
  contract_months_remaining: number | null;
  p_leave: number | null;
}

/** Players whose club as of T is `cid`: anyone who ever joined it by T (or is placed there by a signal), checked. */
function squad(cid: SQL, t: Instant): SQL {
  return sql`SELECT p.* FROM players p WHERE p.id IN (
      SELECT te.player_id FROM transfer_events te WHERE te.to_club_id = ${cid} AND NOT te.is_superseded AND te.transfer_date <= ${tsDate(t)}
      UNION
      SELECT cs.player_id FROM signal_events cs WHERE cs.club_id = ${cid} AND cs.signal_type = 'current_club' AND ${signalVisible('cs', t)})
    AND ${clubAsOf(sql`p.id`, t)} = ${cid}`;
}

export async function getClubPage(db: Db, ref: string, t: Instant, opts: { horizon: number; top: number }) {
  const cid = idOf('clubs', ref);
  const yearBefore = minusDays(t, 365);
  const { results, freshness } = await readAt<[ClubRow[], SquadRow[], ProbabilityRow[], ProbabilityRow[], TransferRow[]]>(db, t, [
    sql`SELECT c.id, c.slug, c.name, c.short_name, c.country, c.stadium, c.stadium_capacity, c.logo_url, c.transfermarkt_id, c.is_active,
          CASE WHEN comp.id IS NULL THEN NULL ELSE json_build_object('id', comp.id, 'name', comp.name, 'short_name', comp.short_name,
            'country', comp.country) END AS competition, ${iso(sql`c.created_at`)} AS created_at
        FROM clubs c LEFT JOIN competitions comp ON comp.id = c.competition_id
       WHERE ${refMatches('c', ref)} AND NOT c.is_status_pseudo`,
    sql`SELECT sq.id, sq.slug, sq.name, sq.position, sq.nationality, sq.photo_url, ${ageAt(sql`sq.date_of_birth`, t)} AS age,
          ${latestSignalNum(sql`sq.id`, 'market_value', t)} AS market_value, ${contractMonthsAsOf(sql`sq.id`, t)} AS contract_months_remaining,
          (SELECT ps.probability FROM prediction_snapshots ps WHERE ps.player_id = sq.id AND ps.horizon_days = ${opts.horizon}
             AND ps.to_club_id IS NULL AND ps.as_of <= ${ts(t)} ORDER BY ps.as_of DESC, ps.created_at DESC LIMIT 1) AS p_leave
        FROM (${squad(cid, t)}) sq
       ORDER BY sq.position NULLS LAST, sq.name LIMIT 150`,
    sql`SELECT ${probabilityRow(t)} FROM (
          SELECT d.* FROM (${squad(cid, t)}) sq
          CROSS JOIN LATERAL (SELECT DISTINCT ON (ps.to_club_id) ps.* FROM prediction_snapshots ps
             WHERE ps.player_id = sq.id AND ps.horizon_days = ${opts.horizon} AND ps.to_club_id IS NOT NULL AND ps.as_of <= ${ts(t)}
             ORDER BY ps.to_club_id, ps.as_of DESC, ps.created_at DESC) d
          ORDER BY d.probability DESC, d.player_id, d.to_club_id LIMIT ${opts.top}) s ${probabilityJoins}
        ORDER BY s.probability DESC, p.name`,
    sql`SELECT ${probabilityRow(t)} FROM (
          SELECT l.* FROM ${latestSnapshots(t, sql`ps.to_club_id = ${cid} AND ps.horizon_days = ${opts.horizon}`)} l
           WHERE ${clubAsOf(sql`l.player_id`, t)} IS DISTINCT FROM ${cid}
           ORDER BY l.probability DESC, l.player_id LIMIT ${opts.top}) s ${probabilityJoins}
        ORDER BY s.probability DESC, p.name`,
    transfersAt(
      t,
      sql`(te.to_club_id = ${cid} OR te.from_club_id = ${cid}) AND te.transfer_date > ${tsDate(yearBefore)}`,
      sql`ORDER BY te.transfer_date DESC, te.created_at DESC, te.id DESC LIMIT 200`,
    ),
  ]);
  const [clubs, squadRows, outgoing, incoming, transfers] = results;
  return { club: clubs[0], squad: squadRows, outgoing, incoming, transfers, freshness };
}
