/**
 * SQL building blocks shared by the API's read queries: ISO formatting, the time-travel visibility rules, and
 * id-or-slug resolution. Every "as of T" rule lives here once, so no query can forget a guard.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';

/** A timestamp as ISO 8601 UTC with milliseconds and a Z, e.g. 2024-12-12T00:00:00.000Z. */
export const iso = (expr: SQL) => sql`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A timestamp at full (microsecond) precision, for keyset cursors that must not lose rows. */
export const exactTs = (expr: SQL) => sql`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A date as YYYY-MM-DD. */
export const day = (expr: SQL) => sql`to_char(${expr}, 'YYYY-MM-DD')`;

/**
 * The as-of instant T of a read: a fixed Date (a requested as_of), or a SQL expression resolved inside the read's
 * transaction (the default instant, see DEFAULT_T and readAt).
 */
export type Instant = Date | SQL;

/**
 * The default instant: min(now, the data's last date). readAt's first statement stores it as a transaction-local
 * setting, so every statement of the batch reads the same T without an extra round trip.
 */
export const DEFAULT_T: SQL = sql`current_setting('tl.as_of')::timestamptz`;

/** The as-of instant as a SQL timestamptz. */
export const ts = (t: Instant) => (t instanceof Date ? sql`${t.toISOString()}::timestamptz` : sql`(${t})`);

/** The UTC calendar date of the as-of instant. */
export const tsDate = (t: Instant) => sql`(${ts(t)} at time zone 'UTC')::date`;

/** T minus whole days. */
export const minusDays = (t: Instant, days: number): Instant =>
  t instanceof Date ? new Date(t.getTime() - days * 86_400_000) : sql`(${ts(t)} - make_interval(days => ${days}))`;

/**
 * The last date of the data visible at T (timestamptz; NULL on an empty database): the latest snapshot, ledger
 * date or market value at or before T. One definition for freshness, the default instant and the data day.
 */
export function dataLastAt(t: Instant): SQL {
  return sql`GREATEST(
      (SELECT max(as_of) FROM prediction_snapshots WHERE as_of <= ${ts(t)}),
      (SELECT max(transfer_date) FROM transfer_events WHERE transfer_date <= ${tsDate(t)} AND NOT is_superseded)::timestamp at time zone 'UTC',
      (SELECT max(observed_at) FROM signal_events WHERE signal_type = 'market_value' AND observed_at <= ${ts(t)}))`;
}

/** A signal row (alias `a`) known and in force at T: observed and effective on or before T, not yet ended. */
export function signalVisible(a: string, t: Instant): SQL {
  const s = sql.raw(a);
  return sql`${s}.observed_at <= ${ts(t)} AND ${s}.effective_from <= ${ts(t)} AND (${s}.effective_to IS NULL OR ${s}.effective_to > ${ts(t)})`;
}

/** A signal row (alias `a`) known at T, including ones whose validity ended on or before T (history). */
export function signalKnown(a: string, t: Instant): SQL {
  const s = sql.raw(a);
  return sql`${s}.observed_at <= ${ts(t)} AND ${s}.effective_from <= ${ts(t)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** The id of a player or club named by UUID or slug, as a scalar SQL expression (NULL when unknown). */
export function idOf(table: 'players' | 'clubs', ref: string): SQL {
  if (isUuid(ref)) return sql`${ref.toLowerCase()}::uuid`;
  return sql`(SELECT id FROM ${sql.raw(table)} WHERE slug = ${ref})`;
}

/**
 * TRUE when the filter is absent or names an existing row. Uncorrelated, so as a WHERE condition PostgreSQL runs it
 * once as a gate and skips the scan for an unknown id; the handler reads it to answer 404.
 */
export function refFound(table: 'players' | 'clubs' | 'competitions', ref: string | undefined): SQL {
  if (ref === undefined) return sql`TRUE`;
  const id = table === 'competitions' ? sql`${ref}::uuid` : idOf(table, ref);
  return sql`EXISTS (SELECT 1 FROM ${sql.raw(table)} rf WHERE rf.id = ${id})`;
}

/** Matches a row of `table` (alias `a`) by UUID or slug. */
export function refMatches(a: string, ref: string): SQL {
  return isUuid(ref) ? sql`${sql.raw(a)}.id = ${ref.toLowerCase()}::uuid` : sql`${sql.raw(a)}.slug = ${ref}`;
}

/**
 * A player's club as of T: the destination of his latest non-superseded transfer on or before T, else the club of
 * the latest `current_club` signal in force at T. Status pseudo-clubs (Without Club, Retired) count as no club.
 */
export function clubAsOf(playerId: SQL, t: Instant): SQL {
  return sql`(SELECT c.id FROM clubs c WHERE NOT c.is_status_pseudo AND c.id = COALESCE(
    (SELECT te.to_club_id FROM transfer_events te
      WHERE te.player_id = ${playerId} AND NOT te.is_superseded AND te.transfer_date <= ${tsDate(t)}
      ORDER BY te.transfer_date DESC, te.created_at DESC, te.id DESC LIMIT 1),
    (SELECT cs.club_id FROM signal_events cs
      WHERE cs.player_id = ${playerId} AND cs.signal_type = 'current_club' AND cs.club_id IS NOT NULL AND ${signalVisible('cs', t)}
      ORDER BY cs.effective_from DESC, cs.observed_at DESC LIMIT 1)))`;
}

/** The latest numeric value of one signal type for a player, in force at T (NULL when none). */
export function latestSignalNum(playerId: SQL, type: string, t: Instant): SQL {
  return sql`(SELECT ls.value_num FROM signal_events ls
    WHERE ls.player_id = ${playerId} AND ls.signal_type = ${type} AND ls.entity_type = 'player' AND ${signalVisible('ls', t)}
    ORDER BY ls.effective_from DESC, ls.observed_at DESC LIMIT 1)`;
}

/**
 * The calendar date clock-dependent facts (age, contract months) are computed at: T, or the data's last date when the
 * data ends before T. Stale data must not make every contract look expired or every player older than the data
 * knows. Uncorrelated, so PostgreSQL evaluates it once per statement (three index lookups).
 */
export function dataDay(t: Instant): SQL {
  return sql`(SELECT LEAST(${tsDate(t)}, COALESCE((${dataLastAt(t)} at time zone 'UTC')::date, ${tsDate(t)})))`;
}

/**
 * Whole months of contract left at the data day of T (see dataDay): from the latest contract_expiry signal (a YYYY-MM-DD date in value_text)
 * in force at T, else the latest contract_months_remaining value. NULL when neither is known at T.
 */
export function contractMonthsAsOf(playerId: SQL, t: Instant): SQL {
  return sql`COALESCE(
    (SELECT GREATEST(0, (EXTRACT(YEAR FROM age(ce.value_text::date, ${dataDay(t)})) * 12 + EXTRACT(MONTH FROM age(ce.value_text::date, ${dataDay(t)})))::int)
       FROM signal_events ce
      WHERE ce.player_id = ${playerId} AND ce.signal_type = 'contract_expiry' AND ce.value_text ~ '^\\d{4}-\\d{2}-\\d{2}$' AND ${signalVisible('ce', t)}
      ORDER BY ce.effective_from DESC, ce.observed_at DESC LIMIT 1),
    (${latestSignalNum(playerId, 'contract_months_remaining', t)})::int)`;
}

/** Age in whole years at the data day of T (see dataDay), from a date-of-birth column expression. */
export const ageAt = (dob: SQL, t: Instant) => sql`EXTRACT(YEAR FROM age(${dataDay(t)}, ${dob}))::int`;

/** Rows of a raw query result. */
export function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** One raw statement, typed. */
export async function query<T>(db: Db, q: SQL): Promise<T[]> {
  return rows<T>(await db.execute(q));
}
