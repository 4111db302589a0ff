/** Cross-cutting behaviour of the API app: CORS, rate limits, caching, request ids, errors, logs and the docs. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db';
import { insertPlayer } from '../../test/helpers/factories';
import { ADMIN_KEY, testApi, upstashEnv } from '../../test/helpers/api';
import { publishDataVersion } from '../shared/data-version';
import { createUpstash } from '../shared/upstash';

let tdb: TestDb;
const ip = () => ({ 'cf-connecting-ip': `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}-${randomUUID()}` });

beforeAll(async () => {
  tdb = await createTestDb('app');
  await insertPlayer(tdb.db, { name: 'Cache Player', slug: 'cache-player' });
});

afterEach(() => vi.restoreAllMocks());

describe('CORS', () => {
  const api = () => testApi(tdb, { CORS_ORIGINS: 'https://site.example, https://other.example' });

  it('allows exactly the listed origins, exposing our headers', async () => {
    const ok = await api().get('/api/v1/search?q=ca', { origin: 'https://site.example' });
    expect(ok.res.headers.get('access-control-allow-origin')).toBe('https://site.example');
    expect(ok.res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    const sub = await api().get('/api/v1/search?q=ca', { origin: 'https://site.example.evil.com' });
    expect(sub.res.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await api().request('/api/v1/events/user', { method: 'OPTIONS', headers: { origin: 'https://other.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://other.example');
  });

  it('treats * as any origin in development and refuses it in production', async () => {
    const dev = await testApi(tdb, { CORS_ORIGINS: '*' }).get('/live', { origin: 'https://anyone.example' });
    expect(dev.res.headers.get('access-control-allow-origin')).toBe('https://anyone.example');
    const prod = await testApi(tdb, { CORS_ORIGINS: '*', ENVIRONMENT: 'production' }).get('/live', { origin: 'https://anyone.example' });
    expect(prod.res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limiting', () => {
  it('limits each client address, with RateLimit headers and a 429 carrying Retry-After and CORS', async () => {
    const api = testApi(tdb, { RATE_LIMIT_REQUESTS: 3, RATE_LIMIT_WINDOW: 60, CORS_ORIGINS: 'https://site.example' });
    const me = { ...ip(), origin: 'https://site.example' };
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await api.get('/api/v1/search?q=x', me));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(replies[0]!.res.headers.get('ratelimit-limit')).toBe('3');
    expect(replies[0]!.res.headers.get('ratelimit-remaining')).toBe('2');
    const denied = replies[3]!;
    expect(Number(denied.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(denied.res.headers.get('access-control-allow-origin')).toBe('https://site.example');
    expect(denied.body.error.code).toBe('rate_limited');
    // Another address, /health, and admin routes have their own allowance.
    expect((await api.get('/api/v1/search?q=x', ip())).status).toBe(200);
    expect((await api.get('/health', me)).status).toBe(200);
    expect((await api.get('/api/v1/admin/pipeline/runs', { ...me, authorization: `Bearer ${ADMIN_KEY}` })).status).toBe(200);
  });

  it('shares the count across isolates through Upstash when Redis is configured', async (ctx) => {
    const redis = upstashEnv();
    if (!redis) return ctx.skip();
    const a = testApi(tdb, { ...redis, RATE_LIMIT_REQUESTS: 3 });
    const b = testApi(tdb, { ...redis, RATE_LIMIT_REQUESTS: 3 });
    const me = ip();
    const path = '/api/v1/search?q=x';
    const statuses = [await a.get(path, me), await b.get(path, me), await a.get(path, me), await b.get(path, me)].map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // The count lives in Redis, not in this process.
    const keys = await fetch(redis.UPSTASH_REDIS_REST_URL!, {
      method: 'POST',
      headers: { authorization: `Bearer ${redis.UPSTASH_REDIS_REST_TOKEN}` },
      body: JSON.stringify(['KEYS', `rl:public:${me['cf-connecting-ip']}:*`]),
    });
    expect(((await keys.json()) as { result: string[] }).result).toHaveLength(1);
  });
});

describe('edge cache and ETags', () => {
  it('serves a repeat GET from the cache with no database round trip, 304 on If-None-Match, and misses after a write', async () => {
    const api = testApi(tdb, { API_CACHE_SECONDS: 60, ...(upstashEnv() ?? {}) });
    const url = `/api/v1/players/cache-player?window_days=${Math.floor(Math.random() * 300) + 1}`;
    const first = await api.get(url);
    expect(first.res.headers.get('x-cache')).toBe('MISS');
    expect(first.res.headers.get('cache-control')).toMatch(/s-maxage=60, stale-while-revalidate=300/);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    let second!: Awaited<ReturnType<typeof api.get>>;
    expect(await api.roundTripsOf(async () => void (second = await api.get(url)))).toBe(0);
    expect(second.res.headers.get('x-cache')).toBe('HIT');
    expect(second.body).toEqual(first.body);
    const revalidated = await api.get(url, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.res.headers.get('etag')).toBe(etag);
    await api.post('/api/v1/admin/rebuild/materialized', {}, { authorization: `Bearer ${ADMIN_KEY}` });
    expect((await api.get(url)).res.headers.get('x-cache')).toBe('MISS');
  });

  it('keeps hitting its own entries when requests with different as_of interleave (no Redis)', async () => {
    const api = testApi(tdb, { API_CACHE_SECONDS: 60 });
    const url = `/api/v1/models?limit=${Math.floor(Math.random() * 40) + 2}`;
    const cacheOf = async (u: string) => (await api.get(u)).res.headers.get('x-cache');
    expect(await cacheOf(url)).toBe('MISS');
    expect(await cacheOf(url)).toBe('HIT');
    expect(await cacheOf(`${url}&as_of=2023-07-01`)).toBe('MISS');
    expect(await cacheOf(url)).toBe('HIT');
    expect(await cacheOf(`${url}&as_of=2023-07-01`)).toBe('HIT');
  });

  it('builds the key from known parameters only, so unknown ones do not fragment the cache', async () => {
    const api = testApi(tdb, { API_CACHE_SECONDS: 60 });
    const url = `/api/v1/search?q=${randomUUID().slice(0, 8)}`;
    expect((await api.get(`${url}&qa=x1`)).res.headers.get('x-cache')).toBe('MISS');
    expect((await api.get(`${url}&qa=x2`)).res.headers.get('x-cache')).toBe('HIT');
    expect((await api.get(url)).res.headers.get('x-cache')).toBe('HIT');
  });

  it('misses everywhere once a finished pipeline run publishes a new data version to Redis', async (ctx) => {
    const redis = upstashEnv();
    if (!redis) return ctx.skip();
    const api = testApi(tdb, { API_CACHE_SECONDS: 60, ...redis });
    const url = `/api/v1/transfers?limit=${Math.floor(Math.random() * 150) + 2}`;
    await api.get(url);
    expect((await api.get(url)).res.headers.get('x-cache')).toBe('HIT');
    await publishDataVersion(createUpstash(redis), `run:${randomUUID()}`);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await api.get(url)).res.headers.get('x-cache')).toBe('MISS');
  });

  it('gives each cache hit the CORS headers of its own origin', async () => {
    const api = testApi(tdb, { API_CACHE_SECONDS: 60, CORS_ORIGINS: 'https://site.example' });
    const url = `/api/v1/search?q=cache&limit=${Math.floor(Math.random() * 40) + 2}`;
    expect((await api.get(url, { origin: 'https://site.example' })).res.headers.get('access-control-allow-origin')).toBe('https://site.example');
    const other = await api.get(url, { origin: 'https://evil.example' });
    expect(other.res.headers.get('x-cache')).toBe('HIT');
    expect(other.res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never caches errors or admin responses', async () => {
    const api = testApi(tdb, { API_CACHE_SECONDS: 60 });
    const missing = await api.get('/api/v1/players/nobody-at-all');
    expect(missing.res.headers.get('cache-control')).toBe('no-store');
    expect((await api.get('/api/v1/players/nobody-at-all')).res.headers.get('x-cache')).toBeNull();
  });
});

describe('request ids, errors and logs', () => {
  it('keeps a well-formed incoming X-Request-Id and replaces a malformed one', async () => {
    const api = testApi(tdb);
    expect((await api.get('/live', { 'x-request-id': 'trace-123' })).res.headers.get('x-request-id')).toBe('trace-123');
    expect((await api.get('/live', { 'x-request-id': 'bad id <script>' })).res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with the error shape', async () => {
    const { status, body, res } = await testApi(tdb).get('/api/v1/nothing-here');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'not_found', request_id: res.headers.get('x-request-id') });
  });

  it('writes one JSON log line per request at or above LOG_LEVEL', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((l: string) => void lines.push(l));
    await testApi(tdb, { LOG_LEVEL: 'info' }).get('/live', { 'x-request-id': 'log-me' });
    const entry = lines.map((l) => JSON.parse(l)).find((l) => l.request_id === 'log-me');
    expect(entry).toMatchObject({ level: 'info', message: 'request', method: 'GET', path: '/live', status: 200 });
    lines.length = 0;
    await testApi(tdb, { LOG_LEVEL: 'warn' }).get('/live', { 'x-request-id': 'quiet' });
    expect(lines.filter((l) => l.includes('quiet'))).toEqual([]);
  });
});

describe('OpenAPI and docs', () => {
  it('publishes an OpenAPI 3.1 document covering every route, and an HTML rendering of it', async () => {
    const api = testApi(tdb);
    const { body } = await api.get('/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/search', '/api/v1/players/{id}', '/api/v1/players/{id}/signals', '/api/v1/players/{id}/predictions', '/api/v1/clubs/{id}',
      '/api/v1/market/latest', '/api/v1/market/movers', '/api/v1/transfers', '/api/v1/models', '/api/v1/models/{version}', '/api/v1/track-record', '/api/v1/events/user',
      '/api/v1/admin/transfer_events', '/api/v1/admin/transfer_events/{event_id}/supersede', '/api/v1/admin/signal_events',
      '/api/v1/admin/rebuild/materialized', '/api/v1/admin/pipeline/run', '/api/v1/admin/pipeline/runs', '/api/v1/admin/events/recent', '/health']) {
      expect(body.paths[path], path).toBeDefined();
    }
    expect(body.components.schemas.Error).toBeDefined();
    expect(body.paths['/api/v1/track-record'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['as_of', 'horizon_days', 'evaluation_type']);
    expect(body.components.schemas.TrackRecordEvaluation.allOf[1].properties.censored).toBeDefined();
    const docs = await api.request('/docs');
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    const html = await docs.text();
    expect(html).toContain('/api/v1/market/latest');
    expect(html).not.toMatch(/<script|https?:\/\/cdn/);
  });
});
