/**
 * The one way API reads reach the database: the endpoint's statements plus the freshness statement, sent as ONE
 * db.batch (one HTTP round trip, one read-only transaction, so all parts see the same data).
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { freshnessQuery, type FreshnessRow } from './freshness';
import { rows } from './sql';

export interface ReadResult<T extends unknown[][]> {
  results: T;
  freshness: FreshnessRow;
}

export async function readAt<T extends unknown[][]>(db: Db, t: Date, statements: SQL[]): Promise<ReadResult<T>> {
  const [first, ...rest] = [...statements, freshnessQuery(t)].map((q) => db.execute(q));
  const out = await db.batch([first!, ...rest]);
  const all = out.map((r) => rows<unknown>(r));
  const freshness = all.pop()![0] as FreshnessRow;
  return { results: all as T, freshness };
}
