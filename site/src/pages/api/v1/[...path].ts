// Same-origin read proxy to the API Worker (search box, watchlist, compare pickers), so the browser needs no CORS
// and never learns the API's address. GET only; writes have their own route (events/user).
import type { APIRoute } from 'astro';
import { transportFor } from '../../../lib/api';
import type { SiteEnv } from '../../../lib/site-env';

const ALLOWED = /^(search|players\/[^/]+(\/(predictions|signals))?|clubs\/[^/]+|market\/(latest|movers)|transfers|models(\/[^/]+)?)$/;

export const GET: APIRoute = async ({ params, url, locals, request }) => {
  const path = params.path ?? '';
  if (!ALLOWED.test(path)) return Response.json({ error: { code: 'not_found', message: `No API route /api/v1/${path} on the site` } }, { status: 404 });
  const api = transportFor((locals.runtime?.env ?? {}) as SiteEnv, request);
  const res = await api.fetch(`${new URL(`/api/v1/${path}`, api.base)}${url.search}`, { headers: { accept: 'application/json' } });
  const headers = new Headers({ 'content-type': res.headers.get('content-type') ?? 'application/json' });
  const cc = res.headers.get('cache-control');
  if (cc) headers.set('cache-control', cc);
  return new Response(res.body, { status: res.status, headers });
};
