/**
 * Applies the drizzle-kit migrations in migrations/ through the Neon HTTP driver. Each pending migration runs
 * with its bookkeeping row in one transaction, so a failed migration leaves nothing behind and a rerun is safe.
 */
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import { sql } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
import type { Db } from './client';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

const ensureTable = [
  sql`CREATE SCHEMA IF NOT EXISTS drizzle`,
  sql`CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`,
];

export async function migrationStatus(db: Db, folder = MIGRATIONS_FOLDER) {
  const files = readMigrationFiles({ migrationsFolder: folder });
  const [, , applied] = await db.batch([
    db.execute(ensureTable[0]!),
    db.execute(ensureTable[1]!),
    db.execute<{ hash: string }>(sql`SELECT hash FROM drizzle.__drizzle_migrations`),
  ]);
  const done = new Set(applied.rows.map((r) => r.hash));
  const pending = files.filter((m) => !done.has(m.hash));
  return { total: files.length, applied: files.length - pending.length, pending };
}

export async function migrate(db: Db, folder = MIGRATIONS_FOLDER, log: (line: string) => void = () => undefined) {
  const { pending, total } = await migrationStatus(db, folder);
  for (const m of pending) await applyOne(db, m);
  log(pending.length ? `applied ${pending.length} migration(s); ${total} in all` : `database is up to date (${total} migrations)`);
  return pending.length;
}

async function applyOne(db: Db, m: MigrationMeta) {
  const statements = m.sql.map((s) => s.trim()).filter(Boolean);
  const [first, ...rest] = [
    ...statements.map((s) => db.execute(sql.raw(s))),
    db.execute(sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (${m.hash}, ${m.folderMillis})`),
  ];
  await db.batch([first!, ...rest]);
}
