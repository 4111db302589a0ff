import { recordUserEvents } from '../../../../db/queries/user-events';
import { ApiError } from '../../../shared/errors';
import type { AppRouteHandler } from '../../lib/router';
import { CLOCK_SKEW_MS, MAX_EVENT_AGE_MS, type record as recordRoute } from './events.routes';

export const record: AppRouteHandler<typeof recordRoute> = async (c) => {
  const body = c.req.valid('json');
  const events = Array.isArray(body) ? body : [body];
  const now = Date.now();
  const path = (i: number, field: string) => (Array.isArray(body) ? `json.${i}.${field}` : `json.${field}`);
  const badTimes = events.flatMap((e, i) => {
    const t = e.occurred_at?.getTime();
    return t !== undefined && (t > now + CLOCK_SKEW_MS || t < now - MAX_EVENT_AGE_MS)
      ? [{ path: path(i, 'occurred_at'), message: 'must be within the last 7 days and not in the future' }]
      : [];
  });
  if (badTimes.length) throw new ApiError(422, 'validation_error', 'The request is invalid; see details', badTimes);
  const result = await recordUserEvents(
    c.var.db,
    events.map((e) => ({ ...e, occurred_at: (e.occurred_at ?? new Date(now)).toISOString() })),
  );
  if (result.missing.length) {
    throw new ApiError(422, 'unknown_reference', 'Some events name players or clubs that do not exist; nothing was recorded',
      result.missing.map((m) => ({ path: path(m.index, m.field), message: 'unknown id' })));
  }
  return c.json({ success: true as const, accepted: result.inserted }, 202);
};
