/** Calling the API app in Node tests: the real app, real database (per test file), env as wrangler would pass it. */
import { inject } from 'vitest';
import { createApp } from '../../workers/api/app';
import type { TestDb } from './db';
import { TEST_UPSTASH_TOKEN } from './config';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef0123456789';

export function apiEnv(tdb: TestDb, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...tdb.env,
    ENVIRONMENT: 'test',
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'error',
    RATE_LIMIT_REQUESTS: 100_000,
    API_CACHE_SECONDS: 0,
    ...over,
  };
}

/** Env pointing at the test Upstash endpoint, or undefined when the run has no Redis. */
export function upstashEnv(): Record<string, string> | undefined {
  const url = inject('upstashUrl');
  return url ? { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: TEST_UPSTASH_TOKEN } : undefined;
}

export function testApi(tdb: TestDb, over: Record<string, unknown> = {}) {
  const app = createApp();
  const env = apiEnv(tdb, over);
  return {
    app,
    env,
    request: (path: string, init?: RequestInit) => app.request(path, init, env),
    get: async <T = any>(path: string, headers: Record<string, string> = {}) => {
      const res = await app.request(path, { headers }, env);
      return { res, status: res.status, body: (res.status === 304 ? null : await res.json()) as T };
    },
    post: async <T = any>(path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await app.request(
        path,
        { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) },
        env,
      );
      return { res, status: res.status, body: (await res.json()) as T };
    },
    /** Round trips this request costs: the endpoint's counter before and after. */
    async roundTripsOf(fn: () => Promise<unknown>) {
      const before = await tdb.roundTrips();
      await fn();
      return (await tdb.roundTrips()) - before;
    },
  };
}
