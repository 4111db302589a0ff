/**
 * Starts the services every test file shares: the Neon-HTTP endpoint (in front of TEST_DATABASE_URL's PostgreSQL,
 * or in-memory PGlite when it is unset), a migrated template database each test file copies, and, when REDIS_URL
 * is set, the Upstash-REST endpoint. Test files get their own database (see test/helpers/db.ts).
 */
import type { TestProject } from 'vitest/node';
import { startNeonHttpEndpoint } from '../workers/dev/neon-http-endpoint';
import { startUpstashRestEndpoint } from '../workers/dev/upstash-rest-endpoint';
import { createDb } from '../db/client';
import { migrate } from '../db/migrations';
import { TEMPLATE_DB, TEST_NEON_PORT, TEST_UPSTASH_PORT, TEST_UPSTASH_TOKEN, databaseUrl } from './helpers/config';

export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL;
  const neon = await startNeonHttpEndpoint({ mode: base ? 'pg' : 'pglite', port: TEST_NEON_PORT });
  const create = await fetch(`http://127.0.0.1:${neon.port}/_dev/databases`, {
    method: 'POST',
    body: JSON.stringify({ name: TEMPLATE_DB, connectionString: databaseUrl(base, 'postgres') }),
  });
  if (!create.ok) throw new Error(`cannot create the template database: ${await create.text()}`);
  await migrate(createDb({ DATABASE_URL: databaseUrl(base, TEMPLATE_DB), NEON_FETCH_ENDPOINT: neon.url }));

  const redisUrl = process.env.REDIS_URL;
  const upstash = redisUrl
    ? await startUpstashRestEndpoint({ redisUrl, token: TEST_UPSTASH_TOKEN, port: TEST_UPSTASH_PORT })
    : undefined;
  project.provide('neonEndpoint', neon.url);
  project.provide('upstashUrl', upstash?.url ?? '');

  return async () => {
    await upstash?.close();
    await neon.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    neonEndpoint: string;
    upstashUrl: string;
  }
}
