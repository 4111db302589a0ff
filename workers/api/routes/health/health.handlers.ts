import type { Context } from 'hono';
import { readFreshness } from '../../../../db/queries/health';
import type { ApiEnv } from '../../lib/context';
import type { AppRouteHandler } from '../../lib/router';
import type * as routes from './health.routes';

const API_LINKS = {
  search: '/api/v1/search?q=',
  players: '/api/v1/players/{id_or_slug}',
  clubs: '/api/v1/clubs/{id_or_slug}',
  market: '/api/v1/market/latest',
  movers: '/api/v1/market/movers',
  transfers: '/api/v1/transfers',
  models: '/api/v1/models',
};

async function freshnessOrNull(c: Context<ApiEnv>) {
  try {
    const { data_version: _version, ...freshness } = await readFreshness(c.var.db, new Date());
    return freshness;
  } catch (e) {
    c.var.logger.warn('database check failed', { error: String(e) });
    return null;
  }
}

async function redisStatus(c: Context<ApiEnv>) {
  if (!c.var.redis) return 'not_configured' as const;
  try {
    return (await c.var.redis.command(['PING'])) === 'PONG' ? ('healthy' as const) : ('unhealthy' as const);
  } catch {
    return 'unhealthy' as const;
  }
}

export const root: AppRouteHandler<typeof routes.root> = async (c) =>
  c.json(
    {
      name: 'TransferLens API',
      version: c.var.config.API_VERSION,
      description: 'The Bloomberg terminal for football transfers',
      docs: '/docs',
      openapi: '/openapi.json',
      health: '/health',
      api: API_LINKS,
      freshness: await freshnessOrNull(c),
      timestamp: new Date().toISOString(),
    },
    200,
  );

export const health: AppRouteHandler<typeof routes.health> = async (c) => {
  const [freshness, redis] = await Promise.all([freshnessOrNull(c), redisStatus(c)]);
  const database = freshness ? ('healthy' as const) : ('unhealthy' as const);
  const status = !freshness ? ('unhealthy' as const) : redis === 'unhealthy' ? ('degraded' as const) : ('healthy' as const);
  const body = { status, version: c.var.config.API_VERSION, timestamp: new Date().toISOString(), database, redis, freshness };
  c.header('Cache-Control', 'no-store');
  return freshness ? c.json(body, 200) : c.json(body, 503);
};

export const live: AppRouteHandler<typeof routes.live> = (c) => c.json({ alive: true as const }, 200);

export const ready: AppRouteHandler<typeof routes.ready> = async (c) => {
  const database = (await freshnessOrNull(c)) !== null;
  c.header('Cache-Control', 'no-store');
  return database ? c.json({ ready: true, checks: { database } }, 200) : c.json({ ready: false, checks: { database } }, 503);
};
