import { z } from 'zod';
import { transferFeed } from '../../../../db/queries/transfers';
import { decodeCursor, paginate } from '../../lib/cursor';
import { asOfOf, respondRead } from '../../lib/read';
import type { AppRouteHandler } from '../../lib/router';
import type * as routes from './transfers.routes';

const DateIdCursor = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string().uuid()]);

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const q = c.req.valid('query');
  const t = asOfOf(q.as_of);
  const { rows, freshness } = await transferFeed(c.var.db, t, {
    clubRef: q.club_id,
    playerRef: q.player_id,
    transferType: q.transfer_type,
    cursor: decodeCursor(q.cursor, DateIdCursor),
    limit: q.limit,
  });
  const page = paginate(rows, q.limit, (r) => [r.transfer_date, r.id]);
  return c.json({ ...page, ...respondRead(c, freshness) }, 200);
};
