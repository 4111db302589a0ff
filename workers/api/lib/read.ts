/** Helpers for read handlers: the as-of instant, freshness fields in the body, and freshness for the cache layer. */
import type { Context } from 'hono';
import type { FreshnessRow } from '../../../db/queries/freshness';
import type { ApiEnv } from './context';

/** T: the requested as_of, or now. */
export const asOfOf = (asOf: Date | undefined) => asOf ?? new Date();

/** Records freshness for the cache layer and returns the fields every read response carries. */
export function respondRead(c: Context<ApiEnv>, t: Date, freshness: FreshnessRow) {
  c.set('freshness', freshness);
  return { as_of: t.toISOString(), data_as_of: freshness.data_as_of };
}
