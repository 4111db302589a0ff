// Tracking events from the browser (sendBeacon with an application/json Blob) are forwarded to the API Worker
// through the service binding. Bodies are checked here (media type, 64 KB, JSON); the API validates every event.
// Errors use the API's shape, with the request id the API also logs (it keeps a well-formed incoming X-Request-Id).
import type { APIRoute } from 'astro';
import { transportFor } from '../../../../lib/api';
import { refuseEventBody } from '../../../../lib/event-forward';
import type { SiteEnv } from '../../../../lib/site-env';
import { errorBody } from '../../../../../../workers/shared/errors';

export const POST: APIRoute = async ({ request, locals }) => {
  const requestId = crypto.randomUUID();
  const headers = { 'x-request-id': requestId };
  const text = await request.text();
  const refusal = refuseEventBody(request.headers.get('content-type'), text, requestId);
  if (refusal) return Response.json(refusal.body, { status: refusal.status, headers });
  let res: Response;
  try {
    const api = transportFor((locals.runtime?.env ?? {}) as SiteEnv, request);
    res = await api.fetch(new URL('/api/v1/events/user', api.base).toString(), {
      method: 'POST',
      body: text,
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    });
  } catch (e) {
    console.error(e);
    return Response.json(errorBody('api_unavailable', 'The API could not be reached; try again later', requestId), { status: 503, headers: { ...headers, 'retry-after': '30' } });
  }
  return new Response(res.body, { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json', 'x-request-id': res.headers.get('x-request-id') ?? requestId } });
};
