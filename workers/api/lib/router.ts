/** Routers for each resource: OpenAPIHono with one validation hook, so every invalid request fails the same way. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { ApiError, zodDetails } from '../../shared/errors';
import type { ApiEnv } from './context';
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';

export function createRouter() {
  return new OpenAPIHono<ApiEnv>({
    strict: false,
    defaultHook: (result) => {
      if (!result.success) {
        throw new ApiError(422, 'validation_error', 'The request is invalid; see details', zodDetails(result.error, result.target));
      }
    },
  });
}

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, ApiEnv>;
