import { createRouter } from '../../lib/router';
import * as handlers from './clubs.handlers';
import * as routes from './clubs.routes';

export const clubsRouter = createRouter().openapi(routes.getClub, handlers.getClub);
