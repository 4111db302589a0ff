import { createRouter } from '../../lib/router';
import * as handlers from './transfers.handlers';
import * as routes from './transfers.routes';

export const transfersRouter = createRouter().openapi(routes.list, handlers.list);
