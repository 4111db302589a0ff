/**
 * Set-based writes: many rows in one statement, sent as a single JSON parameter and expanded in Postgres with
 * jsonb_to_recordset, so there is no 65,535-parameter limit and one chunk is one round trip. Returns how many rows
 * were actually inserted (conflicting rows are skipped, which is what makes reruns add nothing).
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

export async function insertRows(db: Db, table: string, columns: Columns, rows: Record<string, unknown>[], onConflict: string): Promise<number> {
  if (rows.length === 0) return 0;
  const { rows: out } = await db.execute<{ n: number }>(insertRowsQuery(table, columns, rows, onConflict));
  return Number(out[0]?.n ?? 0);
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
