/**
 * `npm run preflight [-- --env-file .env.production --api-url URL --site-url URL --og-path /og/player/<slug>.png]`:
 * the production checklist as a command. It reads the production settings from the environment (the same names the Workers use) and checks:
 *   settings  ADMIN_API_KEY (32+ chars), CORS_ORIGINS (exact origins), ENVIRONMENT=production, https PUBLIC_* URLs
 *   database  DATABASE_URL reachable, migrated to the latest version, latest daily pipeline run succeeded
 *   live API  /health, an admin route refuses a request without the token (and accepts the key), CORS answers only
 *             the allowed origins, an OG share image renders
 * The live checks go to PUBLIC_API_URL / PUBLIC_SITE_URL, or to --api-url / --site-url (e.g. the local stack).
 * Exit code 1 when any check fails; every failure says what is wrong and how to fix it.
 */
import { sql } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../../db/client';
import { migrationStatus } from '../../db/migrations';
import { openNodeDb } from '../../db/node';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const pass = (name: string, detail: string): Check => ({ name, ok: true, detail });
const fail = (name: string, detail: string): Check => ({ name, ok: false, detail });

const isHttpsUrl = (v: string | undefined) => {
  try {
    const u = new URL(v ?? '');
    return u.protocol === 'https:' && Boolean(u.hostname);
  } catch {
    return false;
  }
};

export const csvList = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** The settings an operator gives the production Workers. Pure. */
export function settingsChecks(env: Record<string, string | undefined>): Check[] {
  const out: Check[] = [];
  const key = env.ADMIN_API_KEY ?? '';
  if (!key) out.push(fail('ADMIN_API_KEY', 'ADMIN_API_KEY is missing: set a random secret of at least 32 characters (npx wrangler secret put ADMIN_API_KEY --env production)'));
  else if (key.length < 32) out.push(fail('ADMIN_API_KEY', `ADMIN_API_KEY is ${key.length} characters long; production needs at least 32 (the API refuses admin calls otherwise)`));
  else out.push(pass('ADMIN_API_KEY', `${key.length} characters`));

  const origins = csvList(env.CORS_ORIGINS);
  if (origins.length === 0) out.push(fail('CORS_ORIGINS', 'CORS_ORIGINS is empty: list the exact origins of the site, e.g. https://transferlens.io'));
  else if (origins.includes('*')) out.push(fail('CORS_ORIGINS', 'CORS_ORIGINS contains *: production must list exact origins (the API refuses every cross-origin request with *)'));
  else out.push(pass('CORS_ORIGINS', origins.join(', ')));

  if (env.ENVIRONMENT !== 'production') out.push(fail('ENVIRONMENT', `ENVIRONMENT is ${env.ENVIRONMENT ? `"${env.ENVIRONMENT}"` : 'not set'}; it must be "production"`));
  else out.push(pass('ENVIRONMENT', 'production'));

  for (const name of ['PUBLIC_SITE_URL', 'PUBLIC_API_URL'] as const) {
    const v = env[name];
    if (!isHttpsUrl(v)) out.push(fail(name, `${name} must be an absolute https:// URL (links, canonical URLs and share cards use it), got ${v ? `"${v}"` : 'nothing'}`));
    else out.push(pass(name, v!));
  }
  return out;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms).unref())]);

/** The innermost message: drizzle wraps driver errors in "Failed query: ..." and keeps the reason in `cause`. */
function rootCause(e: unknown): string {
  let err = e as { message?: string; cause?: unknown };
  while (err.cause && typeof err.cause === 'object') err = err.cause as typeof err;
  return err.message ?? String(err);
}

/** Reachability, migrations and the latest daily pipeline run. `migrationsFolder` is for tests. */
export async function databaseChecks(db: Db, migrationsFolder?: string): Promise<Check[]> {
  try {
    await withTimeout(db.execute(sql`SELECT 1`), 15_000, 'the query');
  } catch (e) {
    return [fail('database', `DATABASE_URL is unreachable: ${rootCause(e)}. Check the connection string (Neon: the pooled host, ?sslmode=require) and that the Neon project is not suspended or deleted`)];
  }
  const out: Check[] = [pass('database', 'reachable')];
  const status = await migrationStatus(db, migrationsFolder);
  if (status.pending.length) {
    out.push(fail('migrations', `the database is not migrated to the latest version: ${status.pending.length} of ${status.total} migrations pending; run npm run db:migrate with this DATABASE_URL`));
    return out;
  }
  out.push(pass('migrations', `${status.total} of ${status.total} applied`));
  const runs = await db.execute<{ run_key: string; status: string; error: string | null; finished_at: string | null; created_at: string }>(
    sql`SELECT run_key, status, error, finished_at, created_at FROM pipeline_runs
        WHERE step = 'run' AND run_key LIKE 'daily:%' AND status IN ('succeeded', 'failed')
        ORDER BY coalesce(finished_at, created_at) DESC LIMIT 1`,
  );
  const last = runs.rows[0];
  if (!last) out.push(fail('pipeline', 'no finished daily pipeline run: load the data and run npm run pipeline -- daily:run (docs/deployment.md, first deploy)'));
  else if (last.status === 'failed') out.push(fail('pipeline', `the latest daily pipeline run ${last.run_key} failed: ${last.error ?? 'no error recorded'} (docs/runbook.md: failed pipeline run)`));
  else out.push(pass('pipeline', `latest run ${last.run_key} succeeded at ${last.finished_at ?? last.created_at}`));
  return out;
}

async function get(url: string, headers: Record<string, string> = {}) {
  return withTimeout(fetch(url, { headers, redirect: 'manual' }), 20_000, `GET ${url}`);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk; undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The first player slug in an API answer (market table rows carry `player: {slug}`). */
export function firstPlayerSlug(body: unknown): string | undefined {
  if (Array.isArray(body)) {
    for (const item of body) {
      const s = firstPlayerSlug(item);
      if (s) return s;
    }
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const o = body as Record<string, unknown>;
  const player = o.player as Record<string, unknown> | undefined;
  if (player && typeof player.slug === 'string') return player.slug;
  if (typeof o.player_slug === 'string') return o.player_slug;
  for (const v of Object.values(o)) {
    const s = firstPlayerSlug(v);
    if (s) return s;
  }
  return undefined;
}

export interface LiveTarget {
  apiUrl: string;
  siteUrl: string;
  adminApiKey?: string;
  allowedOrigins: string[];
  /** Path of an OG image on the site; discovered from the market table when not given. */
  ogPath?: string;
}

/** Checks against a running API (and site, for the share image). */
export async function liveChecks(t: LiveTarget): Promise<Check[]> {
  try {
    return await liveChecksUnguarded(t);
  } catch (e) {
    return [fail('live API', `the API at ${t.apiUrl} stopped answering: ${(e as Error).message}`)];
  }
}

async function liveChecksUnguarded(t: LiveTarget): Promise<Check[]> {
  const api = t.apiUrl.replace(/\/$/, '');
  const out: Check[] = [];

  try {
    const r = await get(`${api}/health`);
    const body = (await r.json().catch(() => ({}))) as { status?: string; database?: string };
    if (r.status === 200 && body.database === 'healthy') out.push(pass('GET /health', `${body.status}, database healthy`));
    else out.push(fail('GET /health', `${api}/health answered ${r.status} (status ${body.status ?? '?'}, database ${body.database ?? '?'}): the API cannot use its database; see docs/runbook.md`));
  } catch (e) {
    out.push(fail('GET /health', `the API at ${api} is unreachable: ${(e as Error).message}`));
    return out;
  }

  const adminUrl = `${api}/api/v1/admin/pipeline/runs`;
  const anon = await get(adminUrl);
  await anon.body?.cancel();
  if (anon.status === 401 || anon.status === 403) out.push(pass('admin without token', `refused with ${anon.status}`));
  else if (anon.status === 503) out.push(fail('admin without token', `admin routes answer 503: the Worker's ADMIN_API_KEY secret is missing or shorter than 32 characters`));
  else out.push(fail('admin without token', `GET ${adminUrl} without a token answered ${anon.status}; admin routes must refuse it with 401`));
  if (t.adminApiKey) {
    const authed = await get(adminUrl, { authorization: `Bearer ${t.adminApiKey}` });
    await authed.body?.cancel();
    if (authed.status === 401 || authed.status === 403)
      out.push(fail('admin with token', `the API refuses the ADMIN_API_KEY given to preflight (${authed.status}): the Worker's secret is a different key`));
    else if (authed.ok) out.push(pass('admin with token', `accepted (${authed.status})`));
    else out.push(fail('admin with token', `GET ${adminUrl} with the admin key answered ${authed.status}`));
  }

  const foreign = 'https://preflight-check.invalid';
  for (const origin of [...t.allowedOrigins.slice(0, 3), foreign]) {
    const r = await get(`${api}/health`, { origin });
    await r.body?.cancel();
    const acao = r.headers.get('access-control-allow-origin');
    if (origin === foreign) {
      if (acao === '*' || acao === origin) out.push(fail('CORS', `the API allows the foreign origin ${origin} (Access-Control-Allow-Origin: ${acao}); CORS must answer only CORS_ORIGINS`));
      else out.push(pass('CORS', `foreign origin ${origin} not allowed`));
    } else if (acao !== origin) {
      out.push(fail('CORS', `the API does not allow ${origin} (Access-Control-Allow-Origin: ${acao ?? 'none'}): the Worker's CORS_ORIGINS differs from the settings given`));
    } else out.push(pass('CORS', `${origin} allowed`));
  }

  out.push(await ogCheck(api, t.siteUrl.replace(/\/$/, ''), t.ogPath));
  return out;
}

async function ogCheck(api: string, site: string, ogPath: string | undefined): Promise<Check> {
  let path = ogPath;
  if (!path) {
    const r = await get(`${api}/api/v1/market/latest?limit=1&horizon_days=90`).catch((e: Error) => e);
    const slug = r instanceof Error ? undefined : firstPlayerSlug(await r.json().catch(() => undefined));
    if (!slug) return fail('OG image', `no player found in ${api}/api/v1/market/latest to render a share card for (has the pipeline published predictions?); or pass --og-path`);
    path = `/og/player/${encodeURIComponent(slug)}.png`;
  }
  const url = `${site}${path}`;
  try {
    const r = await get(url);
    const bytes = new Uint8Array(await r.arrayBuffer());
    const size = pngSize(bytes);
    if (r.status !== 200 || !size) return fail('OG image', `${url} answered ${r.status} (${r.headers.get('content-type') ?? 'no content type'}), not a PNG`);
    if (size.width !== 1200 || size.height !== 630) return fail('OG image', `${url} is ${size.width}x${size.height}, not 1200x630`);
    return pass('OG image', `${path} 1200x630 PNG, ${bytes.length} bytes`);
  } catch (e) {
    return fail('OG image', `${url} is unreachable: ${(e as Error).message}`);
  }
}

export function report(checks: Check[]): string {
  const lines = checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name.padEnd(20)} ${c.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  return `${lines.join('\n')}\n\n${failed ? `preflight FAILED: ${failed} of ${checks.length} checks` : `preflight passed: ${checks.length} checks`}\n`;
}

async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { 'api-url': { type: 'string' }, 'site-url': { type: 'string' }, 'og-path': { type: 'string' }, 'env-file': { type: 'string' } },
  });
  // e.g. --env-file .env.production (git-ignored); variables already in the environment win.
  if (values['env-file']) process.loadEnvFile(values['env-file']);
  const env = process.env;
  const checks = settingsChecks(env);
  if (!env.DATABASE_URL) checks.push(fail('database', 'DATABASE_URL is missing: give preflight the production connection string'));
  else {
    const conn = await openNodeDb(env);
    try {
      checks.push(...(await databaseChecks(conn.db)));
    } finally {
      await conn.close();
    }
  }
  const apiUrl = values['api-url'] ?? env.PUBLIC_API_URL;
  const siteUrl = values['site-url'] ?? env.PUBLIC_SITE_URL;
  if (!apiUrl || !siteUrl) checks.push(fail('live API', 'no API/site address to check: set PUBLIC_API_URL and PUBLIC_SITE_URL or pass --api-url and --site-url'));
  else checks.push(...(await liveChecks({ apiUrl, siteUrl, adminApiKey: env.ADMIN_API_KEY, allowedOrigins: csvList(env.CORS_ORIGINS).filter((o) => o !== '*'), ogPath: values['og-path'] })));
  process.stdout.write(report(checks));
  return checks.every((c) => c.ok) ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`preflight: ${(e as Error).stack ?? e}`);
      process.exit(2);
    },
  );
}
