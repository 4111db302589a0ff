// Checks of the event forwarder (/api/v1/events/user) before a body goes to the API, answered in the API's error
// shape (docs/api.md) so the browser sees one format whichever side refused.
import { errorBody, type ErrorBody } from '../../../workers/shared/errors';

export const MAX_EVENT_BYTES = 64 * 1024;

export interface Refusal { status: 400 | 413 | 415; body: ErrorBody }

/** Why a tracking body is refused (media type, size, JSON), or null when it may be forwarded. */
export function refuseEventBody(contentType: string | null, text: string, requestId: string): Refusal | null {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
    return { status: 415, body: errorBody('unsupported_media_type', 'Send the body as application/json', requestId) };
  }
  if (new TextEncoder().encode(text).length > MAX_EVENT_BYTES) {
    return { status: 413, body: errorBody('payload_too_large', 'At most 64 KB of events per request', requestId) };
  }
  try {
    JSON.parse(text);
  } catch {
    return { status: 400, body: errorBody('invalid_json', 'The body must be JSON', requestId) };
  }
  return null;
}
