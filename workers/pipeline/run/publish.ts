/**
 * What happens when a run succeeds: the data version in Upstash changes, so every API isolate's cache keys change
 * at once (workers/shared/data-version.ts). Without Redis the API derives freshness from the database instead.
 */
import { publishDataVersion } from '../../shared/data-version';
import type { Upstash } from '../../shared/upstash';

export async function publishRunFinished(redis: Upstash | undefined, now = new Date()) {
  try {
    await publishDataVersion(redis, `run:${now.toISOString()}`);
  } catch (e) {
    // The cache only goes stale until its TTL; the run itself is done and recorded.
    console.warn(`could not publish the data version: ${(e as Error).message}`);
  }
}
