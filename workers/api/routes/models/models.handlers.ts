import { getModel, listModels } from '../../../../db/queries/models';
import { ApiError } from '../../../shared/errors';
import { asOfOf, respondRead } from '../../lib/read';
import type { AppRouteHandler } from '../../lib/router';
import type * as routes from './models.routes';

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { as_of, limit } = c.req.valid('query');
  const t = asOfOf(as_of);
  const { models, freshness } = await listModels(c.var.db, t, limit);
  return c.json({ models, ...respondRead(c, freshness) }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { version } = c.req.valid('param');
  const { as_of, horizon_days, evaluation_type } = c.req.valid('query');
  const t = asOfOf(as_of);
  const r = await getModel(c.var.db, version, t, { horizon: horizon_days, type: evaluation_type });
  if (!r.model) throw new ApiError(404, 'not_found', `Model version ${version} not found (or trained after as_of)`);
  return c.json({ model: r.model, evaluations: r.evaluations, ...respondRead(c, r.freshness) }, 200);
};
