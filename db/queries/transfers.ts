/** The confirmed-transfer ledger as read by the API: only rows not superseded and dated on or before T. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { readAt } from './read';
import { day, tsDate, idOf, refFound, type Instant } from './sql';

export interface TransferRow {
  id: string;
  event_id: string;
  player_id: string;
  player_name: string;
  player_slug: string;
  from_club_id: string | null;
  from_club_name: string | null;
  from_club_is_status: boolean | null;
  to_club_id: string;
  to_club_name: string;
  to_club_is_status: boolean;
  transfer_type: string;
  transfer_date: string;
  fee_amount_eur: number | null;
  fee_type: string;
  market_value_eur: number | null;
}

/**
 * Ledger rows (alias te) visible at T, with names and the clubs' status pseudo-club flags; `where` narrows them,
 * `order` and `limit` finish the query.
 */
export function transfersAt(t: Instant, where: SQL, tail: SQL): SQL {
  return sql`SELECT te.id, te.event_id, te.player_id, p.name AS player_name, p.slug AS player_slug,
      te.from_club_id, fc.name AS from_club_name, fc.is_status_pseudo AS from_club_is_status,
      te.to_club_id, tc.name AS to_club_name, tc.is_status_pseudo AS to_club_is_status, te.transfer_type,
      ${day(sql`te.transfer_date`)} AS transfer_date, te.fee_amount_eur, te.fee_type, te.market_value_eur
    FROM transfer_events te
    JOIN players p ON p.id = te.player_id
    JOIN clubs tc ON tc.id = te.to_club_id
    LEFT JOIN clubs fc ON fc.id = te.from_club_id
   WHERE NOT te.is_superseded AND te.transfer_date <= ${tsDate(t)} AND ${where}
   ${tail}`;
}

export interface TransferFeedFilter {
  clubRef?: string;
  playerRef?: string;
  transferType?: string;
  cursor?: [string, string];
  limit: number;
}

/** The feed: newest first (date, then id), keyset-paginated. */
export async function transferFeed(db: Db, t: Instant, f: TransferFeedFilter) {
  const refs = [refFound('clubs', f.clubRef), refFound('players', f.playerRef)];
  const conds: SQL[] = [...refs];
  if (f.clubRef) {
    const club = idOf('clubs', f.clubRef);
    conds.push(sql`(te.to_club_id = ${club} OR te.from_club_id = ${club})`);
  }
  if (f.playerRef) conds.push(sql`te.player_id = ${idOf('players', f.playerRef)}`);
  if (f.transferType) conds.push(sql`te.transfer_type = ${f.transferType}`);
  if (f.cursor) conds.push(sql`(te.transfer_date, te.id) < (${f.cursor[0]}::date, ${f.cursor[1]}::uuid)`);
  const { results, freshness } = await readAt<[{ club_found: boolean; player_found: boolean }[], TransferRow[]]>(db, t, [
    sql`SELECT ${refs[0]} AS club_found, ${refs[1]} AS player_found`,
    transfersAt(t, sql.join(conds, sql` AND `), sql`ORDER BY te.transfer_date DESC, te.id DESC LIMIT ${f.limit + 1}`),
  ]);
  const found = results[0][0]!;
  return { rows: results[1], freshness, clubFound: found.club_found, playerFound: found.player_found };
}
