/** `npm run db:migrate`: apply pending migrations to DATABASE_URL (Neon in production). Safe to run twice. */
import { migrate } from './migrations';
import { openNodeDb } from './node';

const conn = await openNodeDb();
try {
  await migrate(conn.db, undefined, (line) => console.log(`db:migrate: ${line}`));
} catch (e) {
  console.error(`db:migrate failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await conn.close();
}
