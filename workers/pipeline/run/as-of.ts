/**
 * Dates of a pipeline run. T is a calendar day (YYYY-MM-DD); the run sees every row dated on or before T and
 * every observation made before T's midnight UTC (`asOfInstant`). Without --as-of, T is the day of the latest
 * data, never a "today" the data does not reach (honest freshness).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { textArray } from '../steps/bulk';

export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');

export const asOfInstant = (day: string) => new Date(`${day}T00:00:00.000Z`);
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => dayOf(new Date(asOfInstant(day).getTime() + n * 86_400_000));
export const monthOf = (day: string) => day.slice(0, 7);

export interface Freshness {
  lastTransferDate: string | null;
  lastSignalDate: string | null;
  /** The day the pipeline should run as of: the latest data day, capped at today. */
  asOf: string;
}

/**
 * Signal types dated at the end of the period they sum up (a calendar year's appearances are observed on 1 January
 * after it): they say nothing about how recent the feeds are, so they do not count towards freshness.
 */
const PERIOD_TOTALS = ['season_appearances'];

/** How fresh the data is on `now`: scheduled future transfers and future-dated signals do not count. */
export async function dataFreshness(db: Db, now: Date): Promise<Freshness> {
  const today = dayOf(now);
  const { rows } = await db.execute<{ t: string | null; s: string | null }>(sql`
    SELECT (SELECT max(transfer_date)::text FROM transfer_events WHERE transfer_date <= ${today}::date AND NOT is_superseded) AS t,
           (SELECT to_char(max(observed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM signal_events
            WHERE observed_at <= ${now.toISOString()}::timestamptz AND signal_type::text <> ALL(${textArray(PERIOD_TOTALS)})) AS s`);
  const t = rows[0]?.t ?? null;
  const s = rows[0]?.s ?? null;
  const latest = [t, s].filter((x): x is string => x !== null).sort().at(-1);
  return { lastTransferDate: t, lastSignalDate: s, asOf: latest && latest < today ? latest : today };
}
