import { getClubPage } from '../../../../db/queries/clubs';
import { ApiError } from '../../../shared/errors';
import { asOfOf, respondRead } from '../../lib/read';
import type { AppRouteHandler } from '../../lib/router';
import type * as routes from './clubs.routes';

export const getClub: AppRouteHandler<typeof routes.getClub> = async (c) => {
  const { id } = c.req.valid('param');
  const { as_of, horizon_days, top } = c.req.valid('query');
  const t = asOfOf(as_of);
  const page = await getClubPage(c.var.db, id, t, { horizon: horizon_days, top });
  if (!page.club) throw new ApiError(404, 'not_found', `Club ${id} not found`);
  const clubId = page.club.id;
  return c.json(
    {
      ...page.club,
      competition_id: page.club.competition?.id ?? null,
      horizon_days,
      squad: page.squad,
      squad_count: page.squad.length,
      outgoing_probabilities: page.outgoing,
      incoming_probabilities: page.incoming,
      recent_transfers_in: page.transfers.filter((tr) => tr.to_club_id === clubId),
      recent_transfers_out: page.transfers.filter((tr) => tr.from_club_id === clubId),
      ...respondRead(c, page.freshness),
    },
    200,
  );
};
