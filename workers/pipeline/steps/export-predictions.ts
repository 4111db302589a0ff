/**
 * export:predictions: the latest published snapshot per (player, destination) for one horizon as of day D,
 * as CSV with exactly the columns of the original product's export. Only snapshots with as_of <= D are visible.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import type { Horizon } from '../../../db/schema';
import { asOfInstant } from '../run/as-of';

export const EXPORT_COLUMNS = ['player_transfermarkt_id', 'to_club_transfermarkt_id', 'horizon_days', 'probability', 'as_of'] as const;

type Row = { player: string; club: string | null; horizon: number; probability: number; as_of: string };

export async function latestSnapshots(db: Db, asOf: string, horizon: Horizon) {
  const { rows } = await db.execute<Row>(sql`
    SELECT p.transfermarkt_id AS player, c.transfermarkt_id AS club, s.horizon_days AS horizon, s.probability,
           to_char(s.as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS as_of
    FROM (
      SELECT DISTINCT ON (player_id, to_club_id) player_id, to_club_id, horizon_days, probability, as_of
      FROM prediction_snapshots
      WHERE horizon_days = ${horizon} AND as_of <= ${asOfInstant(asOf).toISOString()}::timestamptz
      ORDER BY player_id, to_club_id, as_of DESC
    ) s
    JOIN players p ON p.id = s.player_id
    LEFT JOIN clubs c ON c.id = s.to_club_id
    ORDER BY p.transfermarkt_id, c.transfermarkt_id NULLS FIRST`);
  return rows;
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function toCsv(rows: Row[]): string {
  const lines = rows.map((r) => [r.player ?? '', r.club ?? '', String(r.horizon), String(Number(r.probability)), r.as_of].map(csvField).join(','));
  return [EXPORT_COLUMNS.join(','), ...lines].join('\n') + '\n';
}
