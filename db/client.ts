/**
 * The one way to reach Postgres: drizzle over Neon's SQL-over-HTTP driver, used by every Worker and the Node CLI.
 * In production the driver talks to Neon directly. Locally NEON_FETCH_ENDPOINT points it at the dev endpoint
 * (workers/dev/neon-http-endpoint.ts), which fronts a local PostgreSQL or embedded PGlite.
 */
import { neon, neonConfig } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import * as schema from './schema';

export interface DbEnv {
  DATABASE_URL: string;
  /** Local only: where to send SQL-over-HTTP requests instead of Neon. Unset in production. */
  NEON_FETCH_ENDPOINT?: string;
}

export function createDb(env: DbEnv) {
  // The driver keeps its endpoint globally; an isolate only ever talks to one database service.
  if (env.NEON_FETCH_ENDPOINT) neonConfig.fetchEndpoint = env.NEON_FETCH_ENDPOINT;
  return drizzle({ client: neon(env.DATABASE_URL), schema });
}

export type Db = ReturnType<typeof createDb>;
export { schema };
