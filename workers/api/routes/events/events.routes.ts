import { createRoute, z } from '@hono/zod-openapi';
import { userEventType } from '../../../../db/schema/enums';
import { Instant, Uuid, errors, json } from '../../lib/schemas';

/** How far client clocks may run ahead, and how old an event may be, before we call it bad data. */
export const CLOCK_SKEW_MS = 5 * 60_000;
export const MAX_EVENT_AGE_MS = 7 * 86_400_000;

export const UserEvent = z
  .object({
    user_anon_id: z.string().min(1).max(100),
    session_id: z.string().min(1).max(100),
    event_type: z.enum(userEventType.enumValues),
    event_props_json: z.record(z.string(), z.unknown()).nullable().optional(),
    player_id: Uuid.nullable().optional(),
    club_id: Uuid.nullable().optional(),
    occurred_at: Instant.optional().openapi({ description: 'Defaults to the time received; at most 7 days old, not in the future' }),
    device_type: z.enum(['mobile', 'tablet', 'desktop']).nullable().optional(),
    country_code: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, upper case').nullable().optional(),
  })
  .openapi('UserEvent');

export const record = createRoute({
  method: 'post',
  path: '/events/user',
  tags: ['Events'],
  summary: 'Record one anonymous user event or a batch of up to 50 (all or nothing)',
  description: 'Send Content-Type: application/json (also for sendBeacon: a Blob of that type). Unknown player or club ids give 422.',
  request: {
    body: { required: true, content: { 'application/json': { schema: z.union([UserEvent, z.array(UserEvent).min(1, 'at least one event').max(50, 'at most 50 events')]) } } },
  },
  responses: {
    202: json(z.object({ success: z.literal(true), accepted: z.number() }), 'Recorded'),
    422: errors[422],
    429: errors[429],
  },
});
