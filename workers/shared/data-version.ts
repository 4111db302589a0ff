/**
 * The data version: a token that changes whenever the published data changes, used in API cache keys so a finished
 * pipeline run (or an admin write) makes every cached response stale at once.
 *
 * - With Upstash configured, the token lives in Redis under DATA_VERSION_KEY. Whoever changes data calls
 *   `publishDataVersion` (the pipeline runner at the end of a run; the API after admin writes), and every isolate
 *   sees the new token on its next request.
 * - Without Redis, the API derives the version from the database (latest finished run and latest data dates, read in
 *   the same round trip as each response's data; see db/queries/freshness.ts), so staleness is bounded by the
 *   cache TTL.
 */
import type { Upstash } from './upstash';

export const DATA_VERSION_KEY = 'tl:data-version';

export async function publishDataVersion(redis: Upstash | undefined, version: string): Promise<void> {
  if (!redis) return;
  await redis.command(['SET', DATA_VERSION_KEY, version]);
}

export async function readDataVersion(redis: Upstash | undefined): Promise<string | undefined> {
  if (!redis) return undefined;
  try {
    const v = await redis.command(['GET', DATA_VERSION_KEY]);
    return typeof v === 'string' && v ? v : undefined;
  } catch {
    return undefined;
  }
}
