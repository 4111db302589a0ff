/**
 * How the per-player steps walk the population in chunks, ordered by player id with the last id as the cursor.
 * features:build walks every player (the model decides who is active); the later steps walk the players that
 * got a feature vector as of T, i.e. exactly the active population.
 */
import { sql, type SQL } from 'drizzle-orm';
import { asOfInstant } from '../run/as-of';
import { addCounts, type PipelineStep, type StepContext } from './step';

interface Population {
  count: SQL;
  page(after: string | null, limit: number): SQL;
}

export const allPlayers = (): Population => ({
  count: sql`SELECT count(*)::int AS n FROM players`,
  page: (after, limit) => sql`SELECT id FROM players WHERE (${after}::uuid IS NULL OR id > ${after}::uuid) ORDER BY id LIMIT ${limit}`,
});

export const featuredPlayers = (asOf: string, featureVersion: string): Population => {
  const at = asOfInstant(asOf).toISOString();
  return {
    count: sql`SELECT count(*)::int AS n FROM feature_snapshots WHERE as_of = ${at}::timestamptz AND feature_version = ${featureVersion}`,
    page: (after, limit) => sql`
      SELECT player_id AS id FROM feature_snapshots
      WHERE as_of = ${at}::timestamptz AND feature_version = ${featureVersion} AND (${after}::uuid IS NULL OR player_id > ${after}::uuid)
      ORDER BY player_id LIMIT ${limit}`,
  };
};

interface PageCursor {
  after: string | null;
  total: number;
  done: number;
  counts: Record<string, number>;
}

export interface ChunkWork {
  counts: Record<string, number>;
  read: number;
  written: number;
}

/** A step that processes `ctx.chunkSize` players per chunk; `work` must be idempotent for a given set of ids. */
export function perPlayerStep(o: {
  name: string;
  describe: string;
  population(ctx: StepContext): Population;
  work(ctx: StepContext, playerIds: string[]): Promise<ChunkWork>;
}): PipelineStep {
  return {
    name: o.name,
    describe: o.describe,
    async run(ctx, raw) {
      const population = o.population(ctx);
      let cursor = raw as PageCursor | null;
      if (!cursor) {
        const { rows } = await ctx.db.execute<{ n: number }>(population.count);
        cursor = { after: null, total: Number(rows[0]?.n ?? 0), done: 0, counts: {} };
      }
      const { rows } = await ctx.db.execute<{ id: string }>(population.page(cursor.after, ctx.chunkSize));
      const ids = rows.map((r) => r.id);
      const r = ids.length ? await o.work(ctx, ids) : { counts: {}, read: 0, written: 0 };
      const counts = addCounts(cursor.counts, { ...r.counts, rowsRead: r.read, rowsWritten: r.written });
      const next: PageCursor = { after: ids.at(-1) ?? cursor.after, total: cursor.total, done: cursor.done + ids.length, counts };
      const { rowsRead = 0, rowsWritten = 0, ...shown } = counts;
      return {
        cursor: next,
        done: ids.length < ctx.chunkSize,
        counts: shown,
        rowsRead,
        rowsWritten,
        progress: { done: next.done, total: Math.max(next.total, next.done) },
      };
    },
  };
}
