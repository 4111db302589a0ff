/** Prediction-snapshot fragments shared by the player, club and market reads. */
import { sql, type SQL } from 'drizzle-orm';
import { ageAt, contractMonthsAsOf, day, iso, latestSignalNum, ts, type Instant } from './sql';

/** Columns of a PredictionBrief from snapshot alias `s` and destination club alias `dc`. */
export const predictionBrief = (s = 's', dc = 'dc'): SQL => {
  const a = sql.raw(s);
  const c = sql.raw(dc);
  return sql`${a}.id, ${a}.snapshot_id, ${a}.to_club_id, ${c}.name AS to_club_name, ${c}.slug AS to_club_slug,
    ${c}.is_status_pseudo AS to_club_is_status, ${a}.horizon_days,
    ${a}.probability, ${a}.drivers_json, ${a}.model_version, ${iso(sql`${a}.as_of`)} AS as_of, ${day(sql`${a}.window_end`)} AS window_end`;
};

export interface PredictionBriefRow {
  id: string;
  snapshot_id: string;
  to_club_id: string | null;
  to_club_name: string | null;
  to_club_slug: string | null;
  to_club_is_status: boolean | null;
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
export function latestSnapshots(t: Instant, where: SQL = sql`TRUE`): SQL {
  return sql`(SELECT DISTINCT ON (ps.player_id, ps.horizon_days, ps.to_club_id) ps.*
      FROM prediction_snapshots ps
     WHERE ps.as_of <= ${ts(t)} AND ${where}
     ORDER BY ps.player_id, ps.horizon_days, ps.to_club_id, ps.as_of DESC, ps.created_at DESC)`;
}

/**
 * Snapshot alias `a` is the latest of its (player, destination, horizon) published on or before T. As a filter
 * (rather than DISTINCT ON over every key) it lets a query walk snapshots in probability order and stop after a page.
 */
export function isLatestAt(a: string, t: Instant): SQL {
  const l = sql.raw(a);
  return sql`${l}.as_of <= ${ts(t)} AND NOT EXISTS (SELECT 1 FROM prediction_snapshots nx
    WHERE nx.player_id = ${l}.player_id AND nx.horizon_days = ${l}.horizon_days
      AND (nx.to_club_id = ${l}.to_club_id OR (nx.to_club_id IS NULL AND ${l}.to_club_id IS NULL))
      AND nx.as_of > ${l}.as_of AND nx.as_of <= ${ts(t)})`;
}

/** A row of the probability table: snapshot alias `s`, player `p`, from-club `fc`, to-club `tc`; player facts as of T. */
export function probabilityRow(t: Instant): SQL {
  return sql`s.snapshot_id, s.player_id, p.name AS player_name, p.slug AS player_slug, p.position AS player_position,
    p.nationality AS player_nationality, p.photo_url AS player_photo_url, ${ageAt(sql`p.date_of_birth`, t)} AS player_age,
    s.from_club_id, fc.name AS from_club_name, fc.slug AS from_club_slug, fc.logo_url AS from_club_logo_url, fc.is_status_pseudo AS from_club_is_status,
    s.to_club_id, tc.name AS to_club_name, tc.slug AS to_club_slug, tc.logo_url AS to_club_logo_url, tc.is_status_pseudo AS to_club_is_status,
    s.horizon_days, s.probability, s.drivers_json, s.model_version,
    ${latestSignalNum(sql`s.player_id`, 'market_value', t)} AS market_value,
    ${contractMonthsAsOf(sql`s.player_id`, t)} AS contract_months_remaining,
    ${iso(sql`s.as_of`)} AS as_of, ${day(sql`s.window_end`)} AS window_end`;
}

/** Joins that probabilityRow needs, after `FROM <snapshots> s`. */
export const probabilityJoins = sql`JOIN players p ON p.id = s.player_id
  LEFT JOIN clubs fc ON fc.id = s.from_club_id
  LEFT JOIN clubs tc ON tc.id = s.to_club_id`;

export interface ProbabilityRow {
  snapshot_id: string;
  player_id: string;
  player_name: string;
  player_slug: string;
  player_position: string | null;
  player_nationality: string | null;
  player_photo_url: string | null;
  player_age: number | null;
  from_club_id: string | null;
  from_club_name: string | null;
  from_club_slug: string | null;
  from_club_logo_url: string | null;
  from_club_is_status: boolean | null;
  to_club_id: string | null;
  to_club_name: string | null;
  to_club_slug: string | null;
  to_club_logo_url: string | null;
  to_club_is_status: boolean | null;
  horizon_days: number;
  probability: number;
  drivers_json: unknown;
  model_version: string;
  market_value: number | null;
  contract_months_remaining: number | null;
  as_of: string;
  window_end: string;
}
