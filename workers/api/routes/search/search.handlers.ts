import { readFreshness } from '../../../../db/queries/health';
import { search as searchQuery } from '../../../../db/queries/search';
import { searchName } from '../../../pipeline/ingest/names';
import type { AppRouteHandler } from '../../lib/router';
import { asOfOf, respondRead } from '../../lib/read';
import type * as routes from './search.routes';

export const search: AppRouteHandler<typeof routes.search> = async (c) => {
  const { q, limit, type, as_of } = c.req.valid('query');
  const t = asOfOf(as_of);
  const normalised = searchName(q);
  // Too short to search, but the response still says how fresh the data is (one round trip, freshness only).
  if (normalised.length < 2) return c.json({ query: q, results: [], total: 0, ...respondRead(c, await readFreshness(c.var.db, t)) }, 200);
  const { results, freshness } = await searchQuery(c.var.db, normalised, { limit, type, asOf: t });
  return c.json({ query: q, results, total: results.length, ...respondRead(c, freshness) }, 200);
};
