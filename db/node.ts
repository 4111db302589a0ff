/**
 * Node-side database access for the CLI, dev tools and tests. It always goes through the Neon HTTP driver:
 *  - NEON_FETCH_ENDPOINT set: use it (production leaves it unset and talks to Neon).
 *  - a local endpoint already listening (npm start): use it.
 *  - otherwise start one in-process, in front of DATABASE_URL's PostgreSQL or, without DATABASE_URL,
 *    the embedded PGlite database in .data/pglite.
 */
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from './client';

export const LOCAL_DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));
export const PGLITE_DIR = `${LOCAL_DATA_DIR}/pglite`;
export const PGLITE_DATABASE_URL = 'postgresql://transferlens@localhost/transferlens';
export const DEFAULT_NEON_PORT = Number(process.env.NEON_LOCAL_PORT ?? 4444);

export function isLocalUrl(url: string) {
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(new URL(url).hostname);
}

async function runningEndpoint(port: number) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/_dev/health`, { signal: AbortSignal.timeout(500) });
    return r.ok ? `http://127.0.0.1:${port}/sql` : undefined;
  } catch {
    return undefined;
  }
}

export interface NodeDb {
  db: Db;
  databaseUrl: string;
  endpoint?: string;
  close(): Promise<void>;
}

export async function openNodeDb(env: NodeJS.ProcessEnv = process.env): Promise<NodeDb> {
  const databaseUrl = env.DATABASE_URL || PGLITE_DATABASE_URL;
  if (env.NEON_FETCH_ENDPOINT || (env.DATABASE_URL && !isLocalUrl(env.DATABASE_URL))) {
    return { db: createDb({ DATABASE_URL: databaseUrl, NEON_FETCH_ENDPOINT: env.NEON_FETCH_ENDPOINT }), databaseUrl, endpoint: env.NEON_FETCH_ENDPOINT, close: async () => undefined };
  }
  const existing = await runningEndpoint(DEFAULT_NEON_PORT);
  if (existing) return { db: createDb({ DATABASE_URL: databaseUrl, NEON_FETCH_ENDPOINT: existing }), databaseUrl, endpoint: existing, close: async () => undefined };
  // Loaded only here: production (Neon) never needs pg or PGlite, so the container can ship without them.
  const { startNeonHttpEndpoint } = await import('../workers/dev/neon-http-endpoint');
  const endpoint = await startNeonHttpEndpoint(env.DATABASE_URL ? { mode: 'pg' } : { mode: 'pglite', pgliteDir: PGLITE_DIR });
  return {
    db: createDb({ DATABASE_URL: databaseUrl, NEON_FETCH_ENDPOINT: endpoint.url }),
    databaseUrl,
    endpoint: endpoint.url,
    close: () => endpoint.close(),
  };
}
