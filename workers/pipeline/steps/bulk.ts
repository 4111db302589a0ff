/**
 * Set-based writes: many rows in one statement, sent as a single JSON parameter and expanded in Postgres with
 * jsonb_to_recordset, so there is no 65,535-parameter limit and a few MB of rows are one round trip. Returns how many
 * rows were actually inserted (conflicting rows are skipped, which is what makes reruns add nothing).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';

export type Columns = Record<string, string>;

export function insertRowsQuery(table: string, columns: Columns, rows: Record<string, unknown>[], onConflict: string): SQL {
  const names = Object.keys(columns);
  const spec = names.map((n) => `${n} ${columns[n]}`).join(', ');
  return sql`WITH ins AS (
      INSERT INTO ${sql.raw(table)} (${sql.raw(names.join(', '))})
      SELECT ${sql.raw(names.join(', '))} FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(${sql.raw(spec)})
      ${sql.raw(onConflict)}
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`;
}

/** Request bodies stay well under the 64 MB Neon HTTP cap (and the Worker's memory): rows go in parts of this size. */
export const MAX_PART_BYTES = 4 * 1024 * 1024;

/** Splits rows into consecutive parts whose JSON stays under `maxBytes` (a single larger row gets a part of its own). */
export function jsonParts<T>(rows: T[], maxBytes = MAX_PART_BYTES): T[][] {
  const parts: T[][] = [];
  let part: T[] = [];
  let size = 0;
  for (const row of rows) {
    const bytes = JSON.stringify(row).length + 1;
    if (part.length && size + bytes > maxBytes) {
      parts.push(part);
      part = [];
      size = 0;
    }
    part.push(row);
    size += bytes;
  }
  if (part.length) parts.push(part);
  return parts;
}

/** Inserts rows part by part (one round trip each) and returns how many were new. */
export async function insertRows(db: Db, table: string, columns: Columns, rows: Record<string, unknown>[], onConflict: string): Promise<number> {
  let inserted = 0;
  for (const part of jsonParts(rows)) {
    const { rows: out } = await db.execute<{ n: number }>(insertRowsQuery(table, columns, part, onConflict));
    inserted += Number(out[0]?.n ?? 0);
  }
  return inserted;
}

/** JSON with object keys sorted, so values read back from jsonb compare equal to freshly built ones. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** A list of comma-free values (ids, enum names) as one text[] parameter (drizzle would expand a JS array). */
export const textArray = (values: readonly string[]) => sql`string_to_array(${values.join(',')}, ',')`;
