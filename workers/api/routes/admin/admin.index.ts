import { createRouter } from '../../lib/router';
import * as handlers from './admin.handlers';
import * as routes from './admin.routes';

export const adminRouter = createRouter()
  .openapi(routes.createTransfer, handlers.createTransfer)
  .openapi(routes.supersedeTransfer, handlers.supersedeTransfer)
  .openapi(routes.createSignals, handlers.createSignals)
  .openapi(routes.rebuild, handlers.rebuild)
  .openapi(routes.startRun, handlers.startRun)
  .openapi(routes.listRuns, handlers.listRuns)
  .openapi(routes.recentEvents, handlers.recentEvents);
