// Tracking events from the browser (sendBeacon) are forwarded to the API Worker through the service binding.
// Bodies are capped and must be JSON; the API validates every event.
import type { APIRoute } from 'astro';
import { transportFor } from '../../../../lib/api';
import type { SiteEnv } from '../../../../lib/site-env';

const MAX_BYTES = 64 * 1024;

export const POST: APIRoute = async ({ request, locals }) => {
  const text = await request.text();
  if (text.length > MAX_BYTES) return Response.json({ error: { code: 'payload_too_large', message: 'At most 64 KB of events per request' } }, { status: 413 });
  try {
    JSON.parse(text);
  } catch {
    return Response.json({ error: { code: 'invalid_json', message: 'The body must be JSON' } }, { status: 400 });
  }
  const api = transportFor((locals.runtime?.env ?? {}) as SiteEnv, request);
  const res = await api.fetch(new URL('/api/v1/events/user', api.base).toString(), {
    method: 'POST',
    body: text,
    headers: { 'content-type': 'application/json' },
  });
  return new Response(res.body, { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json' } });
};
