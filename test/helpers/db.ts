/**
 * Each test file gets its own database, copied from the migrated template, reached through the same Neon HTTP
 * driver path production uses.
 */
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../../db/client';
import { TEMPLATE_DB, TEST_NEON_ENDPOINT, TEST_NEON_PORT, databaseUrl } from './config';

export interface TestDb {
  db: Db;
  env: { DATABASE_URL: string; NEON_FETCH_ENDPOINT: string };
  name: string;
  /** SQL round trips this database has served so far (counted by the endpoint). */
  roundTrips(): Promise<number>;
}

export async function createTestDb(label = 'db'): Promise<TestDb> {
  const name = `tl_t_${label.replace(/[^a-z0-9]/g, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const base = process.env.TEST_DATABASE_URL;
  const res = await fetch(`http://127.0.0.1:${TEST_NEON_PORT}/_dev/databases`, {
    method: 'POST',
    body: JSON.stringify({ name, template: TEMPLATE_DB, connectionString: databaseUrl(base, TEMPLATE_DB) }),
  });
  if (!res.ok) throw new Error(`cannot create test database ${name}: ${await res.text()}`);
  const env = { DATABASE_URL: databaseUrl(base, name), NEON_FETCH_ENDPOINT: TEST_NEON_ENDPOINT };
  return {
    db: createDb(env),
    env,
    name,
    async roundTrips() {
      const stats = (await (await fetch(`http://127.0.0.1:${TEST_NEON_PORT}/_dev/stats`)).json()) as Record<string, number>;
      return stats[name] ?? 0;
    },
  };
}
