/**
 * Fixed-window rate limiting per client key: at most `limit` requests per `windowSeconds`.
 * Shared across isolates through Upstash Redis (INCR + PEXPIRE in one pipelined request) when configured;
 * otherwise, or when Redis fails, counted in this isolate's memory (bounded, expired windows swept).
 */
import type { Upstash } from './upstash';

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
}

export interface RateLimiter {
  hit(key: string): Promise<RateLimitResult>;
}

export interface RateLimitOptions {
  limit: number;
  windowSeconds: number;
  /** Separates independent limits (public, admin) that share a store. */
  prefix: string;
  redis?: Upstash;
  now?: () => number;
}

const MAX_LOCAL_KEYS = 10_000;
const local = new Map<string, { window: number; count: number }>();

function localHit(key: string, window: number): number {
  const entry = local.get(key);
  if (entry && entry.window === window) return ++entry.count;
  if (local.size >= MAX_LOCAL_KEYS) for (const [k, v] of local) if (v.window < window) local.delete(k);
  local.set(key, { window, count: 1 });
  return 1;
}

export function createRateLimiter(opts: RateLimitOptions): RateLimiter {
  const windowMs = opts.windowSeconds * 1000;
  const now = opts.now ?? Date.now;
  return {
    async hit(client) {
      const t = now();
      const window = Math.floor(t / windowMs);
      const key = `rl:${opts.prefix}:${client}:${window}`;
      let count: number;
      try {
        if (!opts.redis) throw new Error('no redis');
        const [n] = await opts.redis.pipeline([['INCR', key], ['PEXPIRE', key, windowMs]]);
        count = Number(n);
        if (!Number.isFinite(count)) throw new Error('bad INCR reply');
      } catch {
        count = localHit(key, window);
      }
      return {
        allowed: count <= opts.limit,
        limit: opts.limit,
        remaining: Math.max(0, opts.limit - count),
        resetSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - t) / 1000)),
      };
    },
  };
}
