/**
 * Typed client for the API (Hono RPC), used by the site through its service binding:
 *
 *   const api = createApiClient('https://api.internal', { fetch: env.API.fetch.bind(env.API) });
 *   const res = await api.api.v1.players[':id'].$get({ param: { id: 'erling-haaland' }, query: { as_of: '2024-06-01' } });
 *   if (res.ok) { const player = await res.json(); ... }
 *
 * Error responses share one shape (ApiErrorBody). Query values are strings, as in a URL.
 */
import { hc } from 'hono/client';
import type { AppType } from './app';

export type { AppType };

export interface ApiErrorBody {
  error: { code: string; message: string; request_id: string; details?: { path: string; message: string }[] };
}

export type ApiClient = ReturnType<typeof hc<AppType>>;

export function createApiClient(baseUrl: string, options: { fetch?: typeof fetch; headers?: Record<string, string> } = {}): ApiClient {
  return hc<AppType>(baseUrl, options);
}
