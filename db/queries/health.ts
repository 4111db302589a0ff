/** Liveness of the database and how fresh its data is, in one statement. */
import type { Db } from '../client';
import type { Instant } from './sql';
import { readAt } from './read';

export async function readFreshness(db: Db, t: Instant) {
  const { freshness } = await readAt<[]>(db, t, []);
  return freshness;
}
