/**
 * A local stand-in for Neon's SQL-over-HTTP endpoint (dev and test tool, never deployed).
 *
 * Workers and the CLI talk to Postgres only through `@neondatabase/serverless` over HTTP. Locally that driver is
 * pointed here with NEON_FETCH_ENDPOINT, and this endpoint runs the SQL on either
 *  - a real PostgreSQL server (mode "pg"): the connection string the driver sends is used as given, or
 *  - embedded PGlite databases (mode "pglite"): one per database name, kept under a folder (or in memory).
 *
 * Protocol (read from the driver): POST /sql with {query, params} or {queries: [...]}; rows as arrays of text.
 * Errors: HTTP 400 with {message, code, detail, ...}. Extra dev routes: GET /_dev/stats (round trips per
 * database), POST /_dev/databases {name, template?} (create a database, used by tests), GET /_dev/health.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

type Field = { name: string; dataTypeID: number };
type Result = { command: string; rowCount: number; rows: unknown[][]; fields: Field[] };
type Query = { query: string; params?: unknown[] };
type Batch = { isolationLevel?: string; readOnly?: boolean; deferrable?: boolean };

interface Backend {
  run(q: Query): Promise<Result>;
  batch(qs: Query[], opts: Batch): Promise<Result[]>;
  createDatabase(name: string, template?: string): Promise<void>;
  close(): Promise<void>;
}

const ERROR_FIELDS = ['code', 'detail', 'hint', 'position', 'schema', 'table', 'column', 'dataType', 'constraint', 'where', 'severity'];
const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function parseConnection(cs: string) {
  const url = new URL(cs);
  return { database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres', url };
}

function beginStatement(o: Batch) {
  const parts = ['BEGIN'];
  if (o.isolationLevel) parts.push('ISOLATION LEVEL ' + o.isolationLevel.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase());
  if (o.readOnly) parts.push('READ ONLY');
  if (o.deferrable) parts.push('DEFERRABLE');
  return parts.join(' ');
}

/** Real PostgreSQL: a small pool per connection string, rows returned as raw text. */
function pgBackend(connectionString: string, pools: Map<string, pg.Pool>): Backend {
  const rawText = { getTypeParser: () => (v: string) => v };
  const pool = () => {
    let p = pools.get(connectionString);
    if (!p) {
      const { url } = parseConnection(connectionString);
      url.searchParams.delete('sslmode');
      p = new pg.Pool({ connectionString: url.toString(), max: 4, types: rawText as never });
      p.on('error', () => undefined);
      pools.set(connectionString, p);
    }
    return p;
  };
  const toResult = (r: pg.QueryResult): Result => ({
    command: r.command,
    rowCount: r.rowCount ?? 0,
    rows: r.rows as unknown[][],
    fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  });
  const exec = (c: pg.PoolClient | pg.Pool, q: Query) =>
    c.query({ text: q.query, values: q.params ?? [], rowMode: 'array' }).then(toResult);
  return {
    run: (q) => exec(pool(), q),
    async batch(qs, opts) {
      const client = await pool().connect();
      try {
        await client.query(beginStatement(opts));
        const out: Result[] = [];
        for (const q of qs) out.push(await exec(client, q));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async createDatabase(name, template) {
      if (!IDENT.test(name) || (template && !IDENT.test(template))) throw new Error('invalid database name');
      const { url } = parseConnection(connectionString);
      for (const [cs, p] of pools) {
        if (template && parseConnection(cs).database === template) {
          pools.delete(cs);
          await p.end();
        }
      }
      url.pathname = '/postgres';
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      } finally {
        await admin.end();
      }
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.end()));
    },
  };
}

/** Embedded PGlite: one instance per database name, persisted under `dir` when given. */
function pgliteBackend(dir: string | undefined): Backend {
  const dbs = new Map<string, Promise<{ db: PGlite; parsers: Record<number, (v: string) => string> }>>();
  async function open(name: string, loadDataDir?: Blob) {
    const dataDir = dir ? join(dir, name) : undefined;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const db = new PGlite({ dataDir, extensions: { pg_trgm }, loadDataDir: loadDataDir as File | undefined, relaxedDurability: true });
    await db.waitReady;
    const oids = await db.query<[number]>('select oid from pg_type', [], { rowMode: 'array' });
    const parsers = Object.fromEntries(oids.rows.map(([oid]) => [oid, (v: string) => v]));
    return { db, parsers };
  }
  const get = (name: string) => {
    let p = dbs.get(name);
    if (!p) {
      p = open(name);
      dbs.set(name, p);
    }
    return p;
  };
  const toResult = (r: { rows: unknown[]; fields: Field[]; affectedRows?: number }, sqlText: string): Result => ({
    command: sqlText.trim().split(/\s+/)[0]?.toUpperCase() ?? '',
    rowCount: r.rows.length || r.affectedRows || 0,
    rows: r.rows as unknown[][],
    fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
  });
  let current = '';
  return {
    async run(q) {
      const { db, parsers } = await get(current);
      const r = await db.query(q.query, q.params ?? [], { rowMode: 'array', parsers });
      return toResult(r, q.query);
    },
    async batch(qs) {
      const { db, parsers } = await get(current);
      return db.transaction(async (tx) => {
        const out: Result[] = [];
        for (const q of qs) out.push(toResult(await tx.query(q.query, q.params ?? [], { rowMode: 'array', parsers }), q.query));
        return out;
      });
    },
    async createDatabase(name, template) {
      if (!IDENT.test(name)) throw new Error('invalid database name');
      const old = dbs.get(name);
      if (old) await (await old).db.close();
      const tarball = template ? await (await get(template)).db.dumpDataDir('none') : undefined;
      const created = open(name, tarball);
      dbs.set(name, created);
      await created;
    },
    async close() {
      const all = [...dbs.values()];
      dbs.clear();
      await Promise.all(all.map(async (p) => (await p).db.close()));
    },
    // PGlite serves one request at a time; `current` selects the database for it (see `select`).
    set database(name: string) {
      current = name;
    },
  } as Backend & { database: string };
}

export interface NeonHttpEndpoint {
  url: string;
  port: number;
  stats: Map<string, number>;
  close(): Promise<void>;
}

export interface NeonHttpOptions {
  port?: number;
  host?: string;
  /** "pg": run on the PostgreSQL named by each request's connection string. "pglite": embedded databases. */
  mode: 'pg' | 'pglite';
  /** PGlite folder (persistent); in-memory databases when omitted. */
  pgliteDir?: string;
}

async function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw Object.assign(new Error('request body exceeds 64 MB'), { code: '54000' });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function errorBody(e: unknown) {
  const err = e as Record<string, unknown> & { message?: string };
  const body: Record<string, unknown> = { message: err.message ?? String(e) };
  for (const k of ERROR_FIELDS) if (err[k] !== undefined) body[k] = String(err[k]);
  return body;
}

export async function startNeonHttpEndpoint(opts: NeonHttpOptions): Promise<NeonHttpEndpoint> {
  const pools = new Map<string, pg.Pool>();
  const lite = opts.mode === 'pglite' ? pgliteBackend(opts.pgliteDir) : undefined;
  if (opts.pgliteDir && !existsSync(opts.pgliteDir)) mkdirSync(opts.pgliteDir, { recursive: true });
  const stats = new Map<string, number>();
  let ddlQueue: Promise<unknown> = Promise.resolve();
  // PGlite is single-connection: serialise requests so each runs against the database it names.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    if (!lite) return fn();
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const backendFor = (cs: string): Backend => {
    if (lite) {
      (lite as Backend & { database: string }).database = parseConnection(cs).database;
      return lite;
    }
    return pgBackend(cs, pools);
  };

  const server: Server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/_dev/health') return send(res, 200, { ok: true, mode: opts.mode });
      if (req.method === 'GET' && path === '/_dev/stats') return send(res, 200, Object.fromEntries(stats));
      if (req.method === 'POST' && path === '/_dev/databases') {
        const { name, template, connectionString } = JSON.parse(await readBody(req)) as Record<string, string>;
        const cs = connectionString ?? `postgresql://local@localhost/${template ?? 'postgres'}`;
        const create = () => backendFor(cs).createDatabase(name!, template);
        // CREATE DATABASE ... TEMPLATE needs the template to itself: one at a time.
        if (lite) await serial(create);
        else {
          const done = ddlQueue.then(create, create);
          ddlQueue = done.catch(() => undefined);
          await done;
        }
        return send(res, 201, { name });
      }
      if (req.method !== 'POST' || !path?.endsWith('/sql')) return send(res, 404, { message: 'not found' });
      const cs = req.headers['neon-connection-string'];
      if (typeof cs !== 'string') return send(res, 400, { message: 'missing Neon-Connection-String header' });
      const body = JSON.parse(await readBody(req)) as Query | { queries: Query[] };
      const database = parseConnection(cs).database;
      stats.set(database, (stats.get(database) ?? 0) + 1);
      const batchOpts: Batch = {
        isolationLevel: req.headers['neon-batch-isolation-level'] as string | undefined,
        readOnly: req.headers['neon-batch-read-only'] === 'true',
        deferrable: req.headers['neon-batch-deferrable'] === 'true',
      };
      const out = await serial(async () => {
        const backend = backendFor(cs);
        return 'queries' in body ? { results: await backend.batch(body.queries, batchOpts) } : backend.run(body);
      });
      send(res, 200, out);
    } catch (e) {
      if (!res.headersSent) send(res, 400, errorBody(e));
    }
  });
  // Clients (the pipeline) keep a connection idle through long CPU-bound chunks; with Node's 5 s default the server
  // closes it just as the next request is written, and the client sees ECONNRESET. Training can take minutes.
  server.keepAliveTimeout = 600_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/sql`,
    port,
    stats,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      if (lite) await lite.close();
      for (const p of pools.values()) await p.end();
    },
  };
}
