import { createRouter } from '../../lib/router';
import * as handlers from './market.handlers';
import * as routes from './market.routes';

export const marketRouter = createRouter().openapi(routes.latest, handlers.latest).openapi(routes.movers, handlers.movers);
