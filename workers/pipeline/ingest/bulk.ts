/**
 * Set-based bulk inserts through the Neon HTTP driver: every column travels as ONE array parameter and the
 * statement is `INSERT ... SELECT ... FROM unnest($1::t1[], $2::t2[], ...)`, so tens of thousands of rows cost one
 * statement, and several statements share one `db.batch` round trip (one transaction).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';

export type Cell = string | number | boolean | null;

export interface InsertSpec {
  table: string;
  /** Columns sent as arrays: name (referenced as u.<name> in `select`) and PostgreSQL element type. */
  input: [name: string, type: string][];
  /** Target columns and the matching SELECT expressions over `u`. */
  target: string[];
  select: string[];
  /** e.g. `(signal_id) DO NOTHING`, or `(transfermarkt_id) DO UPDATE SET ... WHERE ...`. */
  onConflict: string;
}

/** PostgreSQL array literal; quotes only elements that need it, to keep the payload small. */
export function pgArray(values: readonly Cell[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v !== 'string') out += String(v);
    else if (v === '' || /[\s,{}"\\]/.test(v) || /^null$/i.test(v)) out += `"${v.replace(/[\\"]/g, '\\$&')}"`;
    else out += v;
  }
  return `${out}}`;
}

export interface Statement {
  label: string;
  rows: number;
  bytes: number;
  query: SQL;
}

/** One INSERT for a chunk of rows; it returns how many rows it inserted and how many it updated. */
export function insertStatement(spec: InsertSpec, rows: readonly Cell[][], label: string): Statement {
  const arrays = spec.input.map((_, c) => pgArray(rows.map((r) => r[c] ?? null)));
  const args = sql.join(
    spec.input.map(([, type], c) => sql`${arrays[c]}::${sql.raw(type)}[]`),
    sql.raw(', '),
  );
  const query = sql`WITH ins AS (INSERT INTO ${sql.raw(spec.table)} (${sql.raw(spec.target.join(', '))})
    SELECT ${sql.raw(spec.select.join(', '))} FROM unnest(${args}) AS u(${sql.raw(spec.input.map(([n]) => n).join(', '))})
    ON CONFLICT ${sql.raw(spec.onConflict)} RETURNING (xmax = 0) AS inserted)
    SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM ins`;
  return { label, rows: rows.length, bytes: arrays.reduce((n, a) => n + a.length, 0), query };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface BatchOptions {
  /** Upper bound of parameter bytes per round trip (Neon's HTTP limit is 64 MB per request). */
  maxBytes: number;
  maxStatements: number;
}

/** Groups statements, in order, into batches that respect the byte and statement limits. */
export function packBatches(statements: Statement[], opts: BatchOptions): Statement[][] {
  const batches: Statement[][] = [];
  let current: Statement[] = [];
  let bytes = 0;
  for (const s of statements) {
    if (current.length && (bytes + s.bytes > opts.maxBytes || current.length >= opts.maxStatements)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(s);
    bytes += s.bytes;
  }
  if (current.length) batches.push(current);
  return batches;
}

export interface StatementResult {
  label: string;
  rows: number;
  inserted: number;
  updated: number;
}

/** A failure to reach the endpoint (not an SQL error), e.g. a keep-alive socket closed under us. */
function isTransportError(e: unknown) {
  const err = e as { code?: unknown; cause?: { code?: unknown; sourceError?: unknown }; sourceError?: unknown };
  const source = err?.sourceError ?? err?.cause?.sourceError;
  return (err?.code === undefined && err?.cause?.code === undefined && source instanceof TypeError) || (e instanceof TypeError && /fetch failed/.test(e.message));
}

/**
 * Retries a round trip that did not reach the database. Only for idempotent work: every ingest statement is an
 * INSERT ... ON CONFLICT DO NOTHING inside one transaction, so a repeat after an unknown outcome is harmless.
 */
export async function retryTransport<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isTransportError(e)) throw e;
      await new Promise((r) => setTimeout(r, 200 * i));
    }
  }
}

/** Runs one batch (one round trip, one transaction) and reports per statement. */
export async function runBatch(db: Db, batch: Statement[]): Promise<StatementResult[]> {
  const results = (await retryTransport(() => {
    const [first, ...rest] = batch.map((s) => db.execute<{ inserted: number; updated: number }>(s.query));
    return db.batch([first!, ...rest]);
  })) as { rows: { inserted: number | string; updated: number | string }[] }[];
  return batch.map((s, i) => {
    const row = results[i]!.rows[0]!;
    return { label: s.label, rows: s.rows, inserted: Number(row.inserted), updated: Number(row.updated) };
  });
}
