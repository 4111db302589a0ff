/**
 * The one way API reads reach the database: the endpoint's statements plus the freshness statement, sent as ONE
 * db.batch (one HTTP round trip, one read-only transaction, so all parts see the same data).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { freshnessQuery, type FreshnessRow } from './freshness';
import { dataLastAt, iso, rows, type Instant } from './sql';

export interface ReadResult<T extends unknown[][]> {
  results: T;
  freshness: FreshnessRow;
}

/** Stores the default instant min(now, data's last date) as a transaction-local setting read through DEFAULT_T. */
function setDefaultInstant(now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql`SELECT set_config('tl.as_of', ${iso(sql`LEAST(${at}, COALESCE(${dataLastAt(now)}, ${at}))`)}, true)`;
}

/** Runs the statements as of T; a SQL instant (DEFAULT_T) is resolved by a first statement of the same batch. */
export async function readAt<T extends unknown[][]>(db: Db, t: Instant, statements: SQL[]): Promise<ReadResult<T>> {
  const prelude = t instanceof Date ? [] : [setDefaultInstant(new Date())];
  const [first, ...rest] = [...prelude, ...statements, freshnessQuery(t)].map((q) => db.execute(q));
  const out = await db.batch([first!, ...rest]);
  const all = out.slice(prelude.length).map((r) => rows<unknown>(r));
  const freshness = all.pop()![0] as FreshnessRow;
  return { results: all as T, freshness };
}
