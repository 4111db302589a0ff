/**
 * Settings of the local stack that `npm start` runs: ports, the database it uses, and the variables each Worker gets.
 * Pure: everything comes from the environment passed in, so the defaults are documented and tested in one place.
 */
import { PGLITE_DATABASE_URL } from '../../db/node';
import { envSchema } from '../shared/env';

export type WorkerName = 'api' | 'site' | 'cron';

export interface StackSettings {
  ports: { api: number; site: number; cron: number; neon: number; upstash: number };
  /** Where the data lives: embedded PGlite, a local PostgreSQL behind the dev endpoint, or a remote (Neon) database. */
  database: { mode: 'pglite' | 'pg' | 'remote'; url: string };
  /** The Neon SQL-over-HTTP endpoint the Workers and CLIs use; undefined when they talk to Neon itself. */
  neonFetchEndpoint?: string;
  redisUrl?: string;
  /** Variables (incl. local secrets) per Worker, handed to `wrangler dev` through an env file. */
  vars: Record<WorkerName, Record<string, string>>;
  urls: { api: string; site: string; cron: string };
}

const port = (env: NodeJS.ProcessEnv, name: string, fallback: number) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number (1-65535), got "${raw}"`);
  return n;
};

const isLocalHost = (url: string) => ['localhost', '127.0.0.1', '[::1]', '::1'].includes(new URL(url).hostname);

export interface LocalSecrets {
  /** The per-machine admin key kept in .data/ (used when ADMIN_API_KEY is not set). */
  adminApiKey: string;
  /** Token of the local Upstash-REST endpoint, new on every start. */
  upstashToken: string;
}

/** Settings with their documented defaults (docs/runbook.md). */
export function stackSettings(env: NodeJS.ProcessEnv, secrets: LocalSecrets): StackSettings {
  const ports = {
    api: port(env, 'API_PORT', 8787),
    site: port(env, 'SITE_PORT', 8788),
    cron: port(env, 'CRON_PORT', 8789),
    neon: port(env, 'NEON_LOCAL_PORT', 4444),
    upstash: port(env, 'UPSTASH_LOCAL_PORT', 8079),
  };
  const taken = new Map<number, string>();
  for (const [name, p] of Object.entries(ports)) {
    const other = taken.get(p);
    if (other) throw new Error(`${other} and ${name} would both use port ${p}: choose different ports`);
    taken.set(p, name);
  }
  const urls = { api: `http://127.0.0.1:${ports.api}`, site: `http://127.0.0.1:${ports.site}`, cron: `http://127.0.0.1:${ports.cron}` };

  const given = env.DATABASE_URL?.trim();
  const database: StackSettings['database'] = !given
    ? { mode: 'pglite', url: PGLITE_DATABASE_URL }
    : { mode: isLocalHost(given) ? 'pg' : 'remote', url: given };
  const neonFetchEndpoint = env.NEON_FETCH_ENDPOINT || (database.mode === 'remote' ? undefined : `http://127.0.0.1:${ports.neon}/sql`);

  const publicVars = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('PUBLIC_') && v !== undefined)) as Record<string, string>;
  const common = {
    ENVIRONMENT: env.ENVIRONMENT || 'development',
    LOG_LEVEL: env.LOG_LEVEL || 'info',
    ...publicVars,
    PUBLIC_API_URL: env.PUBLIC_API_URL || urls.api,
    PUBLIC_SITE_URL: env.PUBLIC_SITE_URL || urls.site,
  };
  const data: Record<string, string> = { DATABASE_URL: database.url };
  if (neonFetchEndpoint) data.NEON_FETCH_ENDPOINT = neonFetchEndpoint;
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl) {
    data.UPSTASH_REDIS_REST_URL = `http://127.0.0.1:${ports.upstash}`;
    data.UPSTASH_REDIS_REST_TOKEN = secrets.upstashToken;
  } else if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    data.UPSTASH_REDIS_REST_URL = env.UPSTASH_REDIS_REST_URL;
    data.UPSTASH_REDIS_REST_TOKEN = env.UPSTASH_REDIS_REST_TOKEN;
  }
  // Any other setting the Workers understand (workers/shared/env.ts) passes through from npm start's environment.
  const known = Object.fromEntries(Object.keys(envSchema.shape).flatMap((k) => (env[k] ? [[k, env[k]!]] : [])));
  const api = {
    ...known,
    ...common,
    ...data,
    ADMIN_API_KEY: env.ADMIN_API_KEY || secrets.adminApiKey,
    CORS_ORIGINS: env.CORS_ORIGINS || `${urls.site},http://localhost:${ports.site}`,
    API_VERSION: env.API_VERSION || 'v1',
    RATE_LIMIT_REQUESTS: env.RATE_LIMIT_REQUESTS || '100',
    RATE_LIMIT_WINDOW: env.RATE_LIMIT_WINDOW || '60',
  };
  return { ports, database, neonFetchEndpoint, redisUrl, urls, vars: { api, site: { ...common }, cron: { ...common, ...data } } };
}

/** A dotenv file for `wrangler dev --env-file` (keeps secrets out of the process list). Single quotes: literal. */
export function envFileText(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => {
      if (/['\r\n]/.test(v)) throw new Error(`${k} must not contain a single quote or a line break`);
      return `${k}='${v}'`;
    })
    .join('\n') + '\n';
}
