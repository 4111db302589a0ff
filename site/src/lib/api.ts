// The site's only data source: the API Worker, reached through the `API` service binding (or PUBLIC_API_URL over
// HTTP when no binding exists). No SQL here. Responses are normalised at this boundary (numbers coerced, optional
// fields defaulted) so pages never guess at shapes.
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

export type Query = Record<string, string | number | null | undefined>;

export interface ApiTransport {
  fetch: (input: Request | string, init?: RequestInit) => Promise<Response>;
  base: string;
}

export function transportFor(env: SiteEnv | undefined): ApiTransport {
  if (env?.API) return { fetch: env.API.fetch.bind(env.API) as ApiTransport['fetch'], base: 'https://api.internal' };
  const base = env?.PUBLIC_API_URL;
  if (!base) throw new ApiError(503, 'Configuration', 'neither the API service binding nor PUBLIC_API_URL is set');
  return { fetch: (i, init) => fetch(i, init), base };
}

function buildUrl(base: string, path: string, query: Query = {}): string {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(query)) if (v != null && v !== '') url.searchParams.set(k, String(v));
  return url.toString();
}

/** GET a JSON resource. 404 → null (callers decide between "not found" page and error). */
export async function getJson<T>(t: ApiTransport, what: string, path: string, query?: Query): Promise<T | null> {
  let res: Response;
  try {
    res = await t.fetch(buildUrl(t.base, path, query), { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new ApiError(502, what, `the API could not be reached (${(e as Error).message})`);
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new ApiError(res.status >= 500 ? 502 : res.status, what, `API answered ${res.status} ${errorMessage(text)}`.trim());
  }
  return (await res.json()) as T;
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
