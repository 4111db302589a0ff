/** Helpers for read handlers: the as-of instant, freshness fields in the body, and freshness for the cache layer. */
import type { Context } from 'hono';
import type { FreshnessRow } from '../../../db/queries/freshness';
import { DEFAULT_T, type Instant } from '../../../db/queries/sql';
import type { ApiEnv } from './context';

/**
 * T: the requested as_of, or the default instant min(now, data's last date), resolved by the database inside the
 * read's own batch (see readAt), so stale data is shown as of its last date.
 */
export const asOfOf = (asOf: Date | undefined): Instant => asOf ?? DEFAULT_T;

/** A window of `days` ending at the resolved T, as ISO bounds. */
export function windowOf(freshness: FreshnessRow, days: number) {
  const end = new Date(freshness.as_of);
  return { days, start: new Date(end.getTime() - days * 86_400_000).toISOString(), end: end.toISOString() };
}

/** Records freshness for the cache layer and returns the fields every read response carries. */
export function respondRead(c: Context<ApiEnv>, freshness: FreshnessRow) {
  c.set('freshness', freshness);
  return { as_of: freshness.as_of, data_as_of: freshness.data_as_of };
}
