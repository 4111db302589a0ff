/**
 * The API app: middleware in the order it must run, then one router per resource under /api/v1.
 *   request id + timing + access log → CORS → services → rate limit → admin auth / body limits → edge cache → routes
 * CORS sits outside the rate limit so a 429 still carries CORS headers; admin auth runs before body validation.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { requestContext } from '../shared/http';
import { servicesFor, services, type ApiEnv } from './lib/context';
import { createRouter } from './lib/router';
import { adminAuth, bodyLimit, cors, edgeCache, noStore, notFound, onError, rateLimit } from './lib/middleware';
import { registerDocs } from './lib/docs';
import { healthRouter } from './routes/health/health.index';
import { searchRouter } from './routes/search/search.index';
import { playersRouter } from './routes/players/players.index';
import { clubsRouter } from './routes/clubs/clubs.index';
import { marketRouter } from './routes/market/market.index';
import { transfersRouter } from './routes/transfers/transfers.index';
import { modelsRouter } from './routes/models/models.index';
import { trackRecordRouter } from './routes/track-record/track-record.index';
import { eventsRouter } from './routes/events/events.index';
import { adminRouter } from './routes/admin/admin.index';

const PROBES = new Set(['/health', '/live', '/ready']);
const ADMIN = '/api/v1/admin/';

function loggerOf(c: Context) {
  try {
    return servicesFor(c.env).logger;
  } catch {
    return undefined;
  }
}

const when =
  (test: (c: Context<ApiEnv>) => boolean, mw: MiddlewareHandler<ApiEnv>): MiddlewareHandler<ApiEnv> =>
  (c, next) =>
    test(c) ? mw(c, next) : next();

const isAdmin = (c: Context) => c.req.path.startsWith(ADMIN);

export function createApp() {
  const app = createRouter();
  app.use('*', requestContext(loggerOf));
  app.use('*', cors());
  app.use('*', services);
  app.use('*', when((c) => !PROBES.has(c.req.path) && !isAdmin(c), rateLimit('public')));
  app.use('/api/v1/admin/*', rateLimit('admin'), adminAuth, noStore, bodyLimit(1024 * 1024));
  app.use('/api/v1/events/*', noStore, bodyLimit(64 * 1024));
  let knownParams: Set<string> | undefined;
  const queryNames = () => (knownParams ??= declaredQueryParams(routes));
  app.use('/api/v1/*', when((c) => c.req.method === 'GET' && !isAdmin(c), edgeCache(undefined, queryNames)));
  app.onError(onError);
  app.notFound(notFound);

  const routes = app.route('/', healthRouter).route('/api/v1', searchRouter).route('/api/v1', playersRouter)
    .route('/api/v1', clubsRouter)
    .route('/api/v1', marketRouter)
    .route('/api/v1', transfersRouter)
    .route('/api/v1', modelsRouter)
    .route('/api/v1', trackRecordRouter)
    .route('/api/v1', eventsRouter)
    .route('/api/v1', adminRouter);
  registerDocs(routes);
  return routes;
}

/** Every query parameter name some route declares (the cache key ignores the others). */
function declaredQueryParams(app: { openAPIRegistry: { definitions: readonly unknown[] } }): Set<string> {
  const names = new Set<string>();
  for (const d of app.openAPIRegistry.definitions as { type: string; route?: { request?: { query?: { shape?: object } } } }[]) {
    if (d.type === 'route') for (const k of Object.keys(d.route?.request?.query?.shape ?? {})) names.add(k);
  }
  return names;
}

export type AppType = ReturnType<typeof createApp>;
