import { describe, expect, it } from 'vitest';
import { refuseEventBody } from './event-forward';

describe('event forwarder checks', () => {
  it('refuses with the API error shape, request id included', () => {
    expect(refuseEventBody('text/plain', '[]', 'r1')).toEqual({ status: 415, body: { error: { code: 'unsupported_media_type', message: 'Send the body as application/json', request_id: 'r1' } } });
    expect(refuseEventBody(null, '[]', 'r1')?.status).toBe(415);
    expect(refuseEventBody('application/jsonp', '[]', 'r1')?.status).toBe(415);
    expect(refuseEventBody('application/json', '[', 'r2')).toMatchObject({ status: 400, body: { error: { code: 'invalid_json', request_id: 'r2' } } });
    // 64 KB counted in bytes: 30,000 two-byte characters are over the limit.
    expect(refuseEventBody('application/json', JSON.stringify('é'.repeat(33_000)), 'r3')).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });

  it('lets a JSON body through (charset allowed)', () => {
    expect(refuseEventBody('application/json; charset=utf-8', '[{"event_type":"page_view"}]', 'r')).toBeNull();
  });
});
