import { z } from 'zod';
import { ApiError } from '../../../shared/errors';
import { marketLatest, marketMovers } from '../../../../db/queries/market';
import { decodeCursor, paginate } from '../../lib/cursor';
import { asOfOf, respondRead, windowOf } from '../../lib/read';
import type { AppRouteHandler } from '../../lib/router';
import type * as routes from './market.routes';

const MarketCursor = z.tuple([z.number().min(0).max(1), z.string().max(300), z.string().uuid(), z.number().int(), z.string().max(40)]);

export const latest: AppRouteHandler<typeof routes.latest> = async (c) => {
  const q = c.req.valid('query');
  const t = asOfOf(q.as_of);
  const { rows, freshness, clubFound, competitionFound } = await marketLatest(c.var.db, t, {
    horizon: q.horizon_days,
    competitionId: q.competition_id,
    clubRef: q.club_id,
    position: q.position,
    minProbability: q.min_probability,
    kind: q.kind,
    cursor: decodeCursor(q.cursor, MarketCursor),
    limit: q.limit,
  });
  if (!clubFound) throw new ApiError(404, 'not_found', `Club ${q.club_id} not found`);
  if (!competitionFound) throw new ApiError(404, 'not_found', `Competition ${q.competition_id} not found`);
  const page = paginate(rows, q.limit, (r) => [r.probability, r.player_name, r.player_id, r.horizon_days, r.cursor_key]);
  const predictions = page.items.map(({ cursor_key: _k, ...r }) => r);
  return c.json(
    {
      predictions,
      total: predictions.length,
      next_cursor: page.next_cursor,
      filters_applied: {
        horizon_days: q.horizon_days ?? null,
        competition_id: q.competition_id ?? null,
        club_id: q.club_id ?? null,
        position: q.position ?? null,
        min_probability: q.min_probability ?? null,
        kind: q.kind ?? null,
      },
      ...respondRead(c, freshness),
    },
    200,
  );
};

export const movers: AppRouteHandler<typeof routes.movers> = async (c) => {
  const q = c.req.valid('query');
  const t = asOfOf(q.as_of);
  const { rows, freshness } = await marketMovers(c.var.db, t, {
    windowDays: q.window_days,
    horizon: q.horizon_days,
    kind: q.kind,
    direction: q.direction,
    minChange: q.min_change,
    limit: q.limit,
  });
  return c.json({ movers: rows, window: windowOf(freshness, q.window_days), ...respondRead(c, freshness) }, 200);
};
