import { createRouter } from '../../lib/router';
import * as handlers from './models.handlers';
import * as routes from './models.routes';

export const modelsRouter = createRouter().openapi(routes.list, handlers.list).openapi(routes.get, handlers.get);
