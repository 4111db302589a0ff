import { createRouter } from '../../lib/router';
import * as handlers from './players.handlers';
import * as routes from './players.routes';

export const playersRouter = createRouter()
  .openapi(routes.getPlayer, handlers.getPlayer)
  .openapi(routes.getPlayerSignals, handlers.getPlayerSignals)
  .openapi(routes.getPlayerPredictions, handlers.getPlayerPredictions);
