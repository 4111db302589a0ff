/** Prediction-snapshot fragments shared by the player, club and market reads. */
import { sql, type SQL } from 'drizzle-orm';
import { day, iso, ts } from './sql';

/** Columns of a PredictionBrief from snapshot alias `s` and destination club alias `dc`. */
export const predictionBrief = (s = 's', dc = 'dc'): SQL => {
  const a = sql.raw(s);
  const c = sql.raw(dc);
  return sql`${a}.id, ${a}.snapshot_id, ${a}.to_club_id, ${c}.name AS to_club_name, ${c}.slug AS to_club_slug, ${a}.horizon_days,
    ${a}.probability, ${a}.drivers_json, ${a}.model_version, ${iso(sql`${a}.as_of`)} AS as_of, ${day(sql`${a}.window_end`)} AS window_end`;
};

export interface PredictionBriefRow {
  id: string;
  snapshot_id: string;
  to_club_id: string | null;
  to_club_name: string | null;
  to_club_slug: string | null;
  horizon_days: number;
  probability: number;
  drivers_json: unknown;
  model_version: string;
  as_of: string;
  window_end: string;
}

/**
 * The latest snapshot per (player, destination, horizon) published on or before T, as a subquery over
 * prediction_snapshots restricted by `where` (which must only use alias `ps`).
 */
export function latestSnapshots(t: Date, where: SQL = sql`TRUE`): SQL {
  return sql`(SELECT DISTINCT ON (ps.player_id, ps.horizon_days, ps.to_club_id) ps.*
      FROM prediction_snapshots ps
     WHERE ps.as_of <= ${ts(t)} AND ${where}
     ORDER BY ps.player_id, ps.horizon_days, ps.to_club_id, ps.as_of DESC, ps.created_at DESC)`;
}
