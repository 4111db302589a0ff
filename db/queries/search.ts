/**
 * Search over players and clubs by trigram similarity of `search_name` (lower-case, accent-free; the caller
 * normalises the query the same way). Prefix matches (of the name or of a word in it) rank first, then similarity.
 * Both the substring (LIKE) and the word-similarity (<%) tests are served by the GIN trigram indexes.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { Instant } from './sql';
import { readAt } from './read';

export type SearchType = 'player' | 'club';

export interface SearchRow {
  type: SearchType;
  id: string;
  slug: string;
  name: string;
  subtitle: string | null;
  image_url: string | null;
  score: number;
}

/** Escapes LIKE wildcards so user input matches literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export async function search(db: Db, q: string, opts: { limit: number; type?: SearchType; asOf: Instant }) {
  const lit = escapeLike(q);
  const contains = `%${lit}%`;
  const starts = `${lit}%`;
  const wordStarts = `% ${lit}%`;
  const rank = (col: string) =>
    sql`CASE WHEN ${sql.raw(col)} LIKE ${starts} ESCAPE '\\' THEN 0 WHEN ${sql.raw(col)} LIKE ${wordStarts} ESCAPE '\\' THEN 1 ELSE 2 END`;
  const match = (col: string) => sql`(${sql.raw(col)} LIKE ${contains} ESCAPE '\\' OR ${q} <% ${sql.raw(col)})`;
  const score = (col: string) => sql`GREATEST(similarity(${sql.raw(col)}, ${q}), word_similarity(${q}, ${sql.raw(col)}))::float8`;
  const players = sql`(SELECT 'player' AS type, p.id, p.slug, p.name, NULLIF(concat_ws(' • ', p.position, p.nationality), '') AS subtitle,
      p.photo_url AS image_url, ${score('p.search_name')} AS score, ${rank('p.search_name')} AS rank
    FROM players p WHERE p.is_active AND ${match('p.search_name')}
    ORDER BY rank, score DESC, p.name, p.id LIMIT ${opts.limit})`;
  const clubs = sql`(SELECT 'club' AS type, c.id, c.slug, c.name, c.country AS subtitle, c.logo_url AS image_url,
      ${score('c.search_name')} AS score, ${rank('c.search_name')} AS rank
    FROM clubs c WHERE c.is_active AND NOT c.is_status_pseudo AND ${match('c.search_name')}
    ORDER BY rank, score DESC, c.name, c.id LIMIT ${opts.limit})`;
  const parts = opts.type === 'player' ? players : opts.type === 'club' ? clubs : sql`${players} UNION ALL ${clubs}`;
  const { results, freshness } = await readAt<[unknown[], SearchRow[]]>(db, opts.asOf, [
    // Transaction-local: lets "haalnd" find "haaland" (default word-similarity threshold 0.6 is strict).
    sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.45', true)`,
    sql`SELECT type, id, slug, name, subtitle, image_url, round(score::numeric, 4)::float8 AS score
      FROM (${parts}) r ORDER BY rank, score DESC, type DESC, name, id LIMIT ${opts.limit}`,
  ]);
  return { results: results[1], freshness };
}
