import { createRouter } from '../../lib/router';
import * as handlers from './track-record.handlers';
import * as routes from './track-record.routes';

export const trackRecordRouter = createRouter().openapi(routes.get, handlers.get);
