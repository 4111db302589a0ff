/**
 * HTTP plumbing shared by the Workers: request ids, timing headers and one structured access-log line per request.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from './logger';

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's address as Cloudflare reports it. X-Forwarded-For is not trusted: anyone can set it. */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

/**
 * Gives each request an id (a well-formed incoming X-Request-Id is kept, so traces join up across Workers),
 * and sets X-Request-Id and X-Response-Time on every response, errors included.
 * `logger` is resolved lazily: configuration may be what failed.
 */
export function requestContext(logger: (c: Context) => Logger | undefined): MiddlewareHandler<{ Variables: { requestId: string } }> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const id = incoming && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    await next();
    const ms = performance.now() - started;
    c.res.headers.set('X-Request-Id', id);
    c.res.headers.set('X-Response-Time', `${ms.toFixed(2)}ms`);
    const status = c.res.status;
    const log = logger(c);
    const fields = { request_id: id, method: c.req.method, path: c.req.path, status, duration_ms: Number(ms.toFixed(2)), client_ip: clientIp(c) };
    if (status >= 500) log?.error('request', fields);
    else if (status >= 400) log?.warn('request', fields);
    else log?.info('request', fields);
  };
}

/** Constant-time string comparison (hash both, compare digests), so timing reveals nothing about a secret. */
export async function safeEqual(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [x, y] = await Promise.all([crypto.subtle.digest('SHA-256', enc.encode(a)), crypto.subtle.digest('SHA-256', enc.encode(b))]);
  const ua = new Uint8Array(x);
  const ub = new Uint8Array(y);
  let diff = a.length === b.length ? 0 : 1;
  for (let i = 0; i < ua.length; i++) diff |= ua[i]! ^ ub[i]!;
  return diff === 0;
}

/** A strong ETag for a body: the first 16 bytes of its SHA-256, hex. */
export async function etagOf(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return `"${[...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
}

/** Whether an If-None-Match header matches an ETag (weak comparison, lists and * allowed). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => strip(t) === strip(etag));
}
