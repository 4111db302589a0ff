import { createRouter } from '../../lib/router';
import * as handlers from './health.handlers';
import * as routes from './health.routes';

export const healthRouter = createRouter()
  .openapi(routes.root, handlers.root)
  .openapi(routes.health, handlers.health)
  .openapi(routes.live, handlers.live)
  .openapi(routes.ready, handlers.ready);
