/**
 * What every request carries: validated configuration, the database handle, the optional Redis client, a logger
 * and the request id. Built once per Worker env object (an isolate keeps the same env), not per request.
 */
import type { MiddlewareHandler } from 'hono';
import { createDb, type Db } from '../../../db/client';
import { parseEnv, type AppEnv as Config } from '../../shared/env';
import { createLogger, type Logger } from '../../shared/logger';
import { createUpstash, type Upstash } from '../../shared/upstash';
import type { Freshness } from '../../../db/queries/freshness';

export type { Config };

/** Raw Worker bindings: strings from wrangler vars and secrets (numbers allowed in tests). */
export type ApiBindings = Record<string, unknown>;

export interface Services {
  config: Config;
  db: Db;
  redis?: Upstash;
  logger: Logger;
}

export interface ApiVariables extends Services {
  requestId: string;
  /** Set by read handlers: the freshness and data version their batch returned. */
  freshness?: Freshness & { data_version: string };
}

export type ApiEnv = { Bindings: ApiBindings; Variables: ApiVariables };

const byEnv = new WeakMap<object, Services>();

export function servicesFor(env: ApiBindings | undefined): Services {
  const key = env ?? {};
  let s = byEnv.get(key);
  if (!s) {
    const config = parseEnv({ ...(env ?? {}) });
    s = {
      config,
      db: createDb(config),
      redis: createUpstash(config),
      logger: createLogger(config.LOG_LEVEL, { service: 'api' }),
    };
    byEnv.set(key, s);
  }
  return s;
}

export const services: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const s = servicesFor(c.env);
  c.set('config', s.config);
  c.set('db', s.db);
  c.set('redis', s.redis);
  c.set('logger', s.logger.child({ request_id: c.get('requestId') }));
  await next();
};
