import { z } from 'zod';
import { ApiError } from '../../../shared/errors';
import { transferFeed } from '../../../../db/queries/transfers';
import { decodeCursor, paginate } from '../../lib/cursor';
import { asOfOf, respondRead } from '../../lib/read';
import type { AppRouteHandler } from '../../lib/router';
import type * as routes from './transfers.routes';

const DateIdCursor = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string().uuid()]);

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const q = c.req.valid('query');
  const t = asOfOf(q.as_of);
  const { rows, freshness, clubFound, playerFound } = await transferFeed(c.var.db, t, {
    clubRef: q.club_id,
    playerRef: q.player_id,
    transferType: q.transfer_type,
    cursor: decodeCursor(q.cursor, DateIdCursor),
    limit: q.limit,
  });
  if (!clubFound) throw new ApiError(404, 'not_found', `Club ${q.club_id} not found`);
  if (!playerFound) throw new ApiError(404, 'not_found', `Player ${q.player_id} not found`);
  const page = paginate(rows, q.limit, (r) => [r.transfer_date, r.id]);
  return c.json({ ...page, ...respondRead(c, freshness) }, 200);
};
