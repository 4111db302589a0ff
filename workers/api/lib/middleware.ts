/**
 * Cross-cutting middleware of the API: CORS, rate limits, admin auth, body limits, the edge cache, and the one
 * error handler that renders every failure in the shared error shape.
 */
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ApiError, errorBody, fromDatabaseError, type ErrorStatus } from '../../shared/errors';
import { clientIp, etagMatches, etagOf, safeEqual } from '../../shared/http';
import { createRateLimiter } from '../../shared/ratelimit';
import { defaultCache, type ResponseCache } from '../../shared/cache';
import { readDataVersion, publishDataVersion } from '../../shared/data-version';
import type { Upstash } from '../../shared/upstash';
import { servicesFor, type ApiEnv } from './context';

export const EXPOSED_HEADERS = [
  'X-Request-Id',
  'X-Response-Time',
  'X-Data-As-Of',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'ETag',
];

/** CORS for the exact origins in CORS_ORIGINS. `*` means any origin, except in production where it is refused. */
export function cors(): MiddlewareHandler<ApiEnv> {
  return honoCors({
    origin: (origin, c) => {
      const { config, logger } = servicesFor(c.env);
      const list = config.CORS_ORIGINS;
      if (list.includes('*')) {
        if (config.ENVIRONMENT === 'production') {
          logger.error('CORS_ORIGINS contains * in production: refusing every cross-origin request');
          return null;
        }
        return origin || null;
      }
      return list.includes(origin) ? origin : null;
    },
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization', 'X-API-Key', 'If-None-Match', 'X-Request-Id'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
}

/** Per-client-address rate limit; `bucket` keeps public and admin traffic in separate counters. */
export function rateLimit(bucket: 'public' | 'admin'): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return next();
    const { config, redis } = c.var;
    const limiter = createRateLimiter({ limit: config.RATE_LIMIT_REQUESTS, windowSeconds: config.RATE_LIMIT_WINDOW, prefix: bucket, redis });
    const r = await limiter.hit(clientIp(c));
    const headers = { 'RateLimit-Limit': String(r.limit), 'RateLimit-Remaining': String(r.remaining), 'RateLimit-Reset': String(r.resetSeconds) };
    if (!r.allowed) {
      throw new ApiError(429, 'rate_limited', `Too many requests: at most ${r.limit} per ${config.RATE_LIMIT_WINDOW} s`, undefined, {
        ...headers,
        'Retry-After': String(r.resetSeconds),
      });
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}

/**
 * Admin routes: `Authorization: Bearer <ADMIN_API_KEY>` or `X-API-Key`. Runs before body validation, so callers
 * without the key learn nothing about the routes. The key is compared in constant time.
 */
export const adminAuth: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const key = c.var.config.ADMIN_API_KEY;
  const production = c.var.config.ENVIRONMENT === 'production';
  if (!key || (production && key.length < 32)) {
    throw new ApiError(503, 'admin_disabled', 'Admin routes are disabled: ADMIN_API_KEY is not set (at least 32 characters in production)');
  }
  const auth = c.req.header('authorization');
  const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const token = bearer || c.req.header('x-api-key')?.trim();
  if (!token) {
    throw new ApiError(401, 'unauthorized', 'Send the admin key as Authorization: Bearer <key> or X-API-Key', undefined, {
      'WWW-Authenticate': 'Bearer realm="transferlens-admin"',
    });
  }
  if (!(await safeEqual(token, key))) throw new ApiError(403, 'forbidden', 'The admin key is wrong');
  await next();
};

export function bodyLimit(maxBytes: number): MiddlewareHandler<ApiEnv> {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes`);
    },
  });
}

// Bumped by writes through this isolate, so its own cache never serves data older than its own writes.
let localGeneration = 0;
// The data version the last database read reported (used when Redis holds none).
let lastSeenVersion = 'none';

// The shared (Redis) data version, re-read at most once a second per isolate: a new version is seen within a
// second everywhere, at the cost of one Redis read per second instead of one per request.
const SHARED_VERSION_TTL_MS = 1000;
const sharedVersions = new WeakMap<Upstash, { value: string | undefined; at: number }>();

async function sharedVersion(redis: Upstash | undefined): Promise<string | undefined> {
  if (!redis) return undefined;
  const memo = sharedVersions.get(redis);
  if (memo && Date.now() - memo.at < SHARED_VERSION_TTL_MS) return memo.value;
  const value = await readDataVersion(redis);
  sharedVersions.set(redis, { value, at: Date.now() });
  return value;
}

/** After admin writes: make cached responses stale here, and everywhere when Redis shares the version. */
export async function invalidateCache(c: Context<ApiEnv>): Promise<void> {
  localGeneration++;
  const redis = c.var.redis;
  if (redis) sharedVersions.delete(redis);
  try {
    await publishDataVersion(redis, `api:${Date.now()}:${crypto.randomUUID()}`);
  } catch (e) {
    c.var.logger.warn('could not publish the data version', { error: String(e) });
  }
}

function cacheKey(url: URL, version: string, known: ReadonlySet<string> | undefined): string {
  // Only parameters some route declares: junk like ?utm=… or cache-busters must not fragment the cache.
  const params = [...url.searchParams].filter(([k]) => !known || known.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const q = new URLSearchParams(params);
  q.set('__v', version);
  q.set('__g', String(localGeneration));
  return `${url.origin}${url.pathname}?${q}`;
}

/**
 * Public GETs: Cache-Control with s-maxage and stale-while-revalidate, a strong ETag (304 on If-None-Match), and
 * the edge cache keyed by URL and data version, so a hit costs no database round trip and a new data version
 * (pipeline run, admin write) misses.
 */
export function edgeCache(cache: () => ResponseCache = defaultCache, knownParams?: () => ReadonlySet<string>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const ttl = c.var.config.API_CACHE_SECONDS;
    const store = ttl > 0 ? cache() : undefined;
    const shared = await sharedVersion(c.var.redis);
    const url = new URL(c.req.url);
    const known = knownParams?.();
    const ifNoneMatch = c.req.header('if-none-match');
    if (store) {
      const hit = await store.match(cacheKey(url, shared ?? lastSeenVersion, known));
      if (hit) {
        const etag = hit.headers.get('etag') ?? '';
        const res = etagMatches(ifNoneMatch, etag) ? new Response(null, { status: 304, headers: hit.headers }) : new Response(hit.body, hit);
        res.headers.set('X-Cache', 'HIT');
        return res;
      }
    }
    await next();
    if (c.res.status !== 200) {
      c.res.headers.set('Cache-Control', 'no-store');
      return;
    }
    const freshness = c.var.freshness;
    if (freshness) {
      lastSeenVersion = freshness.data_version;
      if (freshness.data_as_of) c.res.headers.set('X-Data-As-Of', freshness.data_as_of);
    }
    const body = await c.res.clone().arrayBuffer();
    const etag = await etagOf(body);
    const res = new Response(body, c.res);
    res.headers.set('ETag', etag);
    res.headers.set('Cache-Control', ttl > 0 ? `public, max-age=${Math.min(ttl, 30)}, s-maxage=${ttl}, stale-while-revalidate=${ttl * 5}` : 'no-cache');
    if (store) {
      // Stored without the CORS headers of this request's origin: each hit gets its own from the CORS middleware.
      const stored = res.clone();
      for (const h of [...stored.headers.keys()]) if (h.startsWith('access-control-')) stored.headers.delete(h);
      const put = store.put(cacheKey(url, shared ?? freshness?.data_version ?? lastSeenVersion, known), stored, ttl);
      waitUntil(c, put.catch((e) => c.var.logger.warn('cache put failed', { error: String(e) })));
    }
    res.headers.set('X-Cache', 'MISS');
    c.res = etagMatches(ifNoneMatch, etag) ? new Response(null, { status: 304, headers: res.headers }) : res;
  };
}

/** Lets work finish after the response (execution context in Workers; a floating promise in Node tests). */
export function waitUntil(c: Context, p: Promise<unknown>) {
  try {
    c.executionCtx.waitUntil(p);
  } catch {
    // No execution context (Node tests): let the promise run on its own.
    void p;
  }
}

export const noStore: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
};

function fromHttpException(e: HTTPException): ApiError {
  const status = e.status as ErrorStatus;
  if (status === 400) return new ApiError(400, 'invalid_json', 'The body is not valid JSON');
  if (status === 413) return new ApiError(413, 'payload_too_large', 'The body is too large');
  if (status === 415) return new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
  return new ApiError(status, 'http_error', e.message || 'Request failed');
}

export const onError: ErrorHandler<ApiEnv> = (err, c) => {
  const requestId = c.get('requestId') ?? 'unknown';
  let e: ApiError | undefined =
    err instanceof ApiError ? err : err instanceof HTTPException ? fromHttpException(err) : fromDatabaseError(err);
  if (!e) {
    const logger = c.get('logger') ?? safeLogger(c);
    logger?.error('unhandled error', { request_id: requestId, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err), stack: err instanceof Error ? err.stack : undefined });
    e = new ApiError(500, 'internal_error', 'Something went wrong on our side; the request id helps us find it');
  }
  const res = c.json(errorBody(e.code, e.message, requestId, e.details), e.status);
  for (const [k, v] of Object.entries(e.headers)) res.headers.set(k, v);
  res.headers.set('Cache-Control', 'no-store');
  return res;
};

function safeLogger(c: Context<ApiEnv>) {
  try {
    return servicesFor(c.env).logger;
  } catch {
    return undefined;
  }
}

export const notFound: NotFoundHandler<ApiEnv> = (c) =>
  c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`, c.get('requestId') ?? 'unknown'), 404);
