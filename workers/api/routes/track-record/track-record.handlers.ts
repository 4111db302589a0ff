import { getTrackRecord } from '../../../../db/queries/track-record';
import { asOfOf, respondRead } from '../../lib/read';
import type { AppRouteHandler } from '../../lib/router';
import type * as routes from './track-record.routes';

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { as_of, horizon_days, evaluation_type } = c.req.valid('query');
  const r = await getTrackRecord(c.var.db, asOfOf(as_of), { horizon: horizon_days, type: evaluation_type });
  return c.json({ evaluations: r.evaluations, summary: r.summary, ...respondRead(c, r.freshness) }, 200);
};
