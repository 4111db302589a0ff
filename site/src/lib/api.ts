// The site's only data source: the API Worker, reached through the `API` service binding (or PUBLIC_API_URL over
// HTTP when no binding exists), with the API's typed Hono RPC client. No SQL here.
import { createApiClient, type ApiClient } from '../../../workers/api/client';
import type { SiteEnv } from './site-env';

/** A failed API call, with enough context for the error page to say what failed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
    detail: string,
  ) {
    super(`${what} failed: ${detail}`);
    this.name = 'ApiError';
  }
}

export interface ApiTransport {
  fetch: (input: Request | string, init?: RequestInit) => Promise<Response>;
  base: string;
}

/**
 * The way to the API for one visitor's request. The visitor's address is passed on (`cf-connecting-ip`) so the API
 * rate-limits each visitor, not the whole site as one client behind the binding.
 */
export function transportFor(env: SiteEnv | undefined, request?: Request): ApiTransport {
  const ip = request?.headers.get('cf-connecting-ip');
  const send = (target: (i: Request | string, init?: RequestInit) => Promise<Response>): ApiTransport['fetch'] => (input, init) => {
    if (!ip) return target(input, init);
    const headers = new Headers(init?.headers);
    headers.set('cf-connecting-ip', ip);
    return target(input, { ...init, headers });
  };
  if (env?.API) return { fetch: send(env.API.fetch.bind(env.API) as ApiTransport['fetch']), base: 'https://api.internal' };
  const base = env?.PUBLIC_API_URL;
  if (!base) throw new ApiError(503, 'Configuration', 'neither the API service binding nor PUBLIC_API_URL is set');
  return { fetch: send((i, init) => fetch(i, init)), base };
}

/** The API engineer's typed Hono RPC client over the same transport. */
export function clientFor(t: ApiTransport): ApiClient {
  return createApiClient(t.base, { fetch: ((input: RequestInfo | URL, init?: RequestInit) => t.fetch(input as Request, { ...init, signal: init?.signal ?? AbortSignal.timeout(10_000) })) as typeof fetch });
}

/**
 * Unwraps a typed-client response: the 200 body, null on 404, an ApiError (naming what failed) otherwise.
 * Network failures become 502s so the error page can say the API could not be reached.
 */
export async function unwrap<R extends { status: number; ok: boolean; json(): Promise<unknown>; text(): Promise<string> }>(
  what: string,
  call: () => Promise<R>,
): Promise<Extract<Awaited<ReturnType<Extract<R, { status: 200 }>['json']>>, object> | null> {
  let res: R;
  try {
    res = await call();
  } catch (e) {
    throw new ApiError(502, what, `the API could not be reached (${(e as Error).message})`);
  }
  if (res.status === 404) return null;
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new ApiError(res.status >= 500 ? 502 : res.status, what, `API answered ${res.status} ${errorMessage(text)}`.trim());
  }
  return (await res.json()) as never;
}

function errorMessage(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: { message?: string }; message?: string; detail?: string };
    return j.error?.message ?? j.message ?? j.detail ?? '';
  } catch {
    return body.slice(0, 200);
  }
}

export const num = (v: unknown): number | null => {
  if (v == null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};
