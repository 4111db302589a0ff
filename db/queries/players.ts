/**
 * Player reads, each ONE round trip (a db.batch): the player page, signal history and prediction history.
 * Everything is as of T: club, age, key stats, predictions, what changed and the ledger.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { latestSnapshots, predictionBrief, type PredictionBriefRow } from './predictions';
import { readAt } from './read';
import { ageAt, clubAsOf, contractMonthsAsOf, day, exactTs, idOf, iso, refMatches, signalKnown, signalVisible, ts, minusDays, type Instant } from './sql';
import { transfersAt, type TransferRow } from './transfers';

export interface PlayerProfileRow {
  id: string;
  slug: string;
  name: string;
  full_name: string | null;
  date_of_birth: string | null;
  age: number | null;
  nationality: string | null;
  country_of_birth: string | null;
  position: string | null;
  position_group: string | null;
  sub_position: string | null;
  foot: string | null;
  height_cm: number | null;
  photo_url: string | null;
  is_active: boolean;
  transfermarkt_id: string | null;
  club: { id: string; slug: string; name: string; short_name: string | null; country: string | null; logo_url: string | null; is_status: boolean } | null;
  competition: { id: string; name: string; short_name: string | null; country: string } | null;
  contract_months_remaining: number | null;
  /** Latest value of each player signal type in force at T. */
  latest_signals: Record<string, { value: unknown; observed_at: string; effective_from: string; source: string }>;
}

export interface SignalValueRow {
  edge: 'start' | 'end';
  signal_type: string;
  value: unknown;
  observed_at: string;
}

export interface ProbabilityEdgeRow {
  horizon_days: number;
  to_club_id: string | null;
  to_club_name: string | null;
  to_club_is_status: boolean | null;
  start_p: number | null;
  end_p: number | null;
  end_as_of: string | null;
}

/** The latest value of each signal type for a player, in force at T (value as JSON: number, text or object). */
function latestSignalValues(pid: SQL, t: Instant): SQL {
  return sql`SELECT DISTINCT ON (s.signal_type) s.signal_type, COALESCE(to_jsonb(s.value_num), to_jsonb(s.value_text), s.value_json) AS value,
      ${iso(sql`s.observed_at`)} AS observed_at, ${iso(sql`s.effective_from`)} AS effective_from, s.source
    FROM signal_events s
   WHERE s.player_id = ${pid} AND s.entity_type = 'player' AND ${signalVisible('s', t)}
   ORDER BY s.signal_type, s.effective_from DESC, s.observed_at DESC`;
}

const profile = (ref: string, t: Instant) => sql`
  SELECT p.id, p.slug, p.name, p.full_name, ${day(sql`p.date_of_birth`)} AS date_of_birth, ${ageAt(sql`p.date_of_birth`, t)} AS age,
         p.nationality, p.country_of_birth, p.position, p.position_group, p.sub_position, p.foot, p.height_cm, p.photo_url,
         p.is_active, p.transfermarkt_id,
         CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'slug', c.slug, 'name', c.name, 'short_name', c.short_name,
           'country', c.country, 'logo_url', c.logo_url, 'is_status', c.is_status_pseudo) END AS club,
         CASE WHEN comp.id IS NULL THEN NULL ELSE json_build_object('id', comp.id, 'name', comp.name, 'short_name', comp.short_name,
           'country', comp.country) END AS competition,
         ${contractMonthsAsOf(sql`p.id`, t)} AS contract_months_remaining,
         (SELECT COALESCE(jsonb_object_agg(ls.signal_type, jsonb_build_object('value', ls.value, 'observed_at', ls.observed_at,
            'effective_from', ls.effective_from, 'source', ls.source)), '{}'::jsonb)
            FROM (${latestSignalValues(sql`p.id`, t)}) ls) AS latest_signals
    FROM players p
    LEFT JOIN clubs c ON c.id = ${clubAsOf(sql`p.id`, t)}
    LEFT JOIN competitions comp ON comp.id = c.competition_id
   WHERE ${refMatches('p', ref)}`;

/** Latest snapshot per (horizon, destination) at T; "any move" rows plus the top destinations per horizon. */
const latestPredictions = (pid: SQL, t: Instant, top: number) => sql`
  SELECT ${predictionBrief('r', 'dc')} FROM (
    SELECT l.*, row_number() OVER (PARTITION BY l.horizon_days, l.to_club_id IS NULL ORDER BY l.probability DESC, l.to_club_id) AS rn
      FROM ${latestSnapshots(t, sql`ps.player_id = ${pid}`)} l) r
  LEFT JOIN clubs dc ON dc.id = r.to_club_id
  WHERE r.to_club_id IS NULL OR r.rn <= ${top}
  ORDER BY r.horizon_days, r.to_club_id IS NOT NULL, r.probability DESC, dc.name`;

/** Each signal type's value in force at the window's start and at its end (the baseline straddles the start edge). */
const signalEdges = (pid: SQL, start: Instant, end: Instant) => sql`
  SELECT 'start' AS edge, x.signal_type, x.value, x.observed_at FROM (${latestSignalValues(pid, start)}) x
  UNION ALL
  SELECT 'end' AS edge, y.signal_type, y.value, y.observed_at FROM (${latestSignalValues(pid, end)}) y`;

/** Each destination's probability at the window's start and end (latest snapshot per key at each edge). */
const probabilityEdges = (pid: SQL, start: Instant, end: Instant) => sql`
  SELECT COALESCE(e.horizon_days, s.horizon_days) AS horizon_days, COALESCE(e.to_club_id, s.to_club_id) AS to_club_id, dc.name AS to_club_name,
         dc.is_status_pseudo AS to_club_is_status,
         s.probability AS start_p, e.probability AS end_p, ${iso(sql`e.as_of`)} AS end_as_of
    FROM ${latestSnapshots(end, sql`ps.player_id = ${pid}`)} e
    FULL JOIN ${latestSnapshots(start, sql`ps.player_id = ${pid}`)} s
      ON s.horizon_days = e.horizon_days AND s.to_club_id IS NOT DISTINCT FROM e.to_club_id
    LEFT JOIN clubs dc ON dc.id = COALESCE(e.to_club_id, s.to_club_id)
   WHERE s.probability IS DISTINCT FROM e.probability`;

export async function getPlayerPage(db: Db, ref: string, t: Instant, opts: { windowDays: number; topDestinations: number }) {
  const pid = idOf('players', ref);
  const start = minusDays(t, opts.windowDays);
  const { results, freshness } = await readAt<[PlayerProfileRow[], PredictionBriefRow[], SignalValueRow[], ProbabilityEdgeRow[], TransferRow[]]>(db, t, [
    profile(ref, t),
    latestPredictions(pid, t, opts.topDestinations),
    signalEdges(pid, start, t),
    probabilityEdges(pid, start, t),
    transfersAt(t, sql`te.player_id = ${pid}`, sql`ORDER BY te.transfer_date DESC, te.created_at DESC, te.id DESC LIMIT 50`),
  ]);
  const [profiles, predictions, signalValues, probabilityChanges, transfers] = results;
  return { profile: profiles[0], predictions, signalValues, probabilityChanges, transfers, freshness };
}

export interface SignalRow {
  id: string;
  signal_id: string;
  entity_type: string;
  player_id: string | null;
  club_id: string | null;
  club_name: string | null;
  club_is_status: boolean | null;
  signal_type: string;
  value_num: number | null;
  value_text: string | null;
  value_json: unknown;
  source: string;
  source_id: string | null;
  confidence: number;
  observed_at: string;
  effective_from: string;
  effective_to: string | null;
  cursor_ts: string;
}

const playerExists = (ref: string) => sql`SELECT p.id FROM players p WHERE ${refMatches('p', ref)}`;

/**
 * A player's signals as known at T, newest effective first. By default only those in force at T; with
 * includeEnded also those whose validity ended on or before T (history for charts). Never anything observed
 * or effective after T.
 */
export async function getPlayerSignals(
  db: Db,
  ref: string,
  t: Instant,
  f: { signalType?: string; includeEnded: boolean; cursor?: [string, string]; limit: number },
) {
  const pid = idOf('players', ref);
  const conds: SQL[] = [sql`s.player_id = ${pid}`, f.includeEnded ? signalKnown('s', t) : signalVisible('s', t)];
  if (f.signalType) conds.push(sql`s.signal_type = ${f.signalType}`);
  if (f.cursor) conds.push(sql`(s.effective_from, s.id) < (${f.cursor[0]}::timestamptz, ${f.cursor[1]}::uuid)`);
  const { results, freshness } = await readAt<[{ id: string }[], SignalRow[]]>(db, t, [
    playerExists(ref),
    sql`SELECT s.id, s.signal_id, s.entity_type, s.player_id, s.club_id, c.name AS club_name, c.is_status_pseudo AS club_is_status,
          s.signal_type, s.value_num, s.value_text,
          s.value_json, s.source, s.source_id, s.confidence, ${iso(sql`s.observed_at`)} AS observed_at,
          ${iso(sql`s.effective_from`)} AS effective_from, ${iso(sql`s.effective_to`)} AS effective_to,
          ${exactTs(sql`s.effective_from`)} AS cursor_ts
        FROM signal_events s LEFT JOIN clubs c ON c.id = s.club_id
       WHERE ${sql.join(conds, sql` AND `)}
       ORDER BY s.effective_from DESC, s.id DESC LIMIT ${f.limit + 1}`,
  ]);
  return { found: results[0].length > 0, rows: results[1], freshness };
}

export interface SnapshotRow extends PredictionBriefRow {
  from_club_id: string | null;
  from_club_is_status: boolean | null;
  window_start: string;
  cursor_ts: string;
}

/** A player's prediction snapshots published on or before T, newest first (history for charts). */
export async function getPlayerPredictions(
  db: Db,
  ref: string,
  t: Instant,
  f: { horizon?: number; toClub?: string | 'any'; cursor?: [string, string]; limit: number },
) {
  const pid = idOf('players', ref);
  const conds: SQL[] = [sql`s.player_id = ${pid}`, sql`s.as_of <= ${ts(t)}`];
  if (f.horizon) conds.push(sql`s.horizon_days = ${f.horizon}`);
  if (f.toClub === 'any') conds.push(sql`s.to_club_id IS NULL`);
  else if (f.toClub) conds.push(sql`s.to_club_id = ${idOf('clubs', f.toClub)}`);
  if (f.cursor) conds.push(sql`(s.as_of, s.id) < (${f.cursor[0]}::timestamptz, ${f.cursor[1]}::uuid)`);
  const { results, freshness } = await readAt<[{ id: string }[], SnapshotRow[]]>(db, t, [
    playerExists(ref),
    sql`SELECT ${predictionBrief('s', 'dc')}, s.from_club_id, fc.is_status_pseudo AS from_club_is_status,
          ${day(sql`s.window_start`)} AS window_start, ${exactTs(sql`s.as_of`)} AS cursor_ts
        FROM prediction_snapshots s LEFT JOIN clubs dc ON dc.id = s.to_club_id LEFT JOIN clubs fc ON fc.id = s.from_club_id
       WHERE ${sql.join(conds, sql` AND `)}
       ORDER BY s.as_of DESC, s.id DESC LIMIT ${f.limit + 1}`,
  ]);
  return { found: results[0].length > 0, rows: results[1], freshness };
}
