/**
 * Every preflight failure message: settings (pure), the database checks on a real test database, and the live checks
 * against the real API Worker under `wrangler dev` plus a deliberately misconfigured HTTP server (a deployment that
 * is open, unhealthy or serves broken share cards, which our own API cannot be made to be).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client';
import { createTestDb, type TestDb } from '../../test/helpers/db';
import { ProcessGroups } from '../dev/processes';
import { freePort } from '../dev/ports';
import { envFileText } from '../dev/stack';
import { databaseChecks, firstPlayerSlug, liveChecks, pngSize, settingsChecks, type Check } from './preflight';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEY = 'k'.repeat(40);
const GOOD = {
  ADMIN_API_KEY: KEY,
  CORS_ORIGINS: 'https://transferlens.example,https://www.transferlens.example',
  ENVIRONMENT: 'production',
  PUBLIC_SITE_URL: 'https://transferlens.example',
  PUBLIC_API_URL: 'https://api.transferlens.example',
};

const failures = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => c.detail);
const byName = (checks: Check[], name: string) => checks.filter((c) => c.name === name);

describe('settingsChecks', () => {
  it('passes production settings', () => {
    expect(failures(settingsChecks(GOOD))).toEqual([]);
  });
  it('fails a missing or short ADMIN_API_KEY', () => {
    expect(failures(settingsChecks({ ...GOOD, ADMIN_API_KEY: undefined }))).toEqual([expect.stringMatching(/^ADMIN_API_KEY is missing: set a random secret of at least 32 characters/)]);
    expect(failures(settingsChecks({ ...GOOD, ADMIN_API_KEY: 'x'.repeat(31) }))).toEqual([expect.stringMatching(/^ADMIN_API_KEY is 31 characters long; production needs at least 32/)]);
  });
  it('fails CORS_ORIGINS that is empty or *', () => {
    expect(failures(settingsChecks({ ...GOOD, CORS_ORIGINS: ' , ' }))).toEqual([expect.stringMatching(/^CORS_ORIGINS is empty/)]);
    expect(failures(settingsChecks({ ...GOOD, CORS_ORIGINS: 'https://a.example,*' }))).toEqual([expect.stringMatching(/^CORS_ORIGINS contains \*/)]);
  });
  it('fails an ENVIRONMENT other than production', () => {
    expect(failures(settingsChecks({ ...GOOD, ENVIRONMENT: 'staging' }))).toEqual(['ENVIRONMENT is "staging"; it must be "production"']);
    expect(failures(settingsChecks({ ...GOOD, ENVIRONMENT: undefined }))).toEqual(['ENVIRONMENT is not set; it must be "production"']);
  });
  it('fails public URLs that are not absolute https', () => {
    const f = failures(settingsChecks({ ...GOOD, PUBLIC_SITE_URL: 'http://transferlens.example', PUBLIC_API_URL: '/api' }));
    expect(f).toEqual([
      expect.stringMatching(/^PUBLIC_SITE_URL must be an absolute https:\/\/ URL .* got "http:\/\/transferlens.example"/),
      expect.stringMatching(/^PUBLIC_API_URL must be an absolute https:\/\/ URL .* got "\/api"/),
    ]);
  });
});

describe('databaseChecks', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('preflight');
  });
  const addRun = (key: string, status: 'succeeded' | 'failed' | 'running', finished: string | null, error: string | null = null) =>
    t.db.execute(sql`INSERT INTO pipeline_runs (run_id, run_key, step, status, as_of, finished_at, error)
                     VALUES (gen_random_uuid(), ${key}, 'run', ${status}, '2024-12-12T00:00:00Z', ${finished}, ${error})`);

  it('fails when no daily pipeline run has finished', async () => {
    await t.db.execute(sql`INSERT INTO pipeline_runs (run_id, run_key, step, status, as_of) VALUES (gen_random_uuid(), 'ingest:real:2024-12-12', 'ingest:real', 'succeeded', now())`);
    await addRun('daily:2024-12-12:all', 'running', null);
    const checks = await databaseChecks(t.db);
    expect(failures(checks)).toEqual([expect.stringMatching(/^no finished daily pipeline run: load the data and run npm run pipeline -- daily:run/)]);
    expect(byName(checks, 'migrations')[0]!.ok).toBe(true);
  });
  it('fails when the latest daily run failed, passes when it succeeded', async () => {
    await addRun('daily:2024-12-11:all', 'succeeded', '2024-12-11T06:10:00Z');
    await addRun('daily:2024-12-12:all', 'failed', '2024-12-12T06:03:00Z', 'features:build: input row dated after T');
    expect(failures(await databaseChecks(t.db))).toEqual([
      'the latest daily pipeline run daily:2024-12-12:all failed: features:build: input row dated after T (docs/runbook.md: failed pipeline run)',
    ]);
    await addRun('daily:2024-12-12:all', 'succeeded', '2024-12-12T07:00:00Z');
    const checks = await databaseChecks(t.db);
    expect(failures(checks)).toEqual([]);
    expect(byName(checks, 'pipeline')[0]!.detail).toMatch(/^latest run daily:2024-12-12:all succeeded/);
  });
  it('fails when a migration is pending', async () => {
    await t.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations)`);
    expect(failures(await databaseChecks(t.db))).toEqual([
      expect.stringMatching(/^the database is not migrated to the latest version: 1 of \d+ migrations pending; run npm run db:migrate/),
    ]);
  });
  it('fails when the database is unreachable', async () => {
    const dead = createDb({ DATABASE_URL: 'postgresql://u@127.0.0.1/nowhere', NEON_FETCH_ENDPOINT: 'http://127.0.0.1:9/sql' });
    try {
      expect(failures(await databaseChecks(dead))).toEqual([expect.stringMatching(/^DATABASE_URL is unreachable: .+ Check the connection string/)]);
    } finally {
      createDb(t.env); // the driver's endpoint is process-wide: point it back at the test server
    }
  });
});

describe('pngSize and firstPlayerSlug', () => {
  it('reads PNG dimensions and rejects other bytes', () => {
    expect(pngSize(fakePng(1200, 630))).toEqual({ width: 1200, height: 630 });
    expect(pngSize(new TextEncoder().encode('<html>not found</html>........'))).toBeUndefined();
  });
  it('finds the first player slug in an API answer', () => {
    expect(firstPlayerSlug({ data: [{ player: { id: 'x', slug: 'erling-haaland' } }] })).toBe('erling-haaland');
    expect(firstPlayerSlug({ items: [] })).toBeUndefined();
  });
});

/** A PNG header: signature + IHDR with the given size (what preflight reads). */
function fakePng(width: number, height: number) {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

/** A deployment that misbehaves on demand. */
async function fakeDeployment(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('liveChecks against a misconfigured deployment', () => {
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  it('reports an open admin route, a wildcard CORS answer, an unhealthy database and a broken share card', async () => {
    const d = await fakeDeployment((req, res) => {
      const path = req.url!.split('?')[0];
      if (path === '/health') return json(res, 503, { status: 'unhealthy', database: 'unhealthy' }, { 'access-control-allow-origin': '*' });
      if (path!.startsWith('/api/v1/admin/')) return json(res, 200, { items: [] });
      if (path === '/api/v1/market/latest') return json(res, 200, { data: [{ player: { slug: 'erling-haaland' } }] });
      if (path === '/og/player/erling-haaland.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(fakePng(600, 315));
      json(res, 404, {});
    });
    try {
      const checks = await liveChecks({ apiUrl: d.url, siteUrl: d.url, adminApiKey: KEY, allowedOrigins: ['https://transferlens.example'] });
      expect(failures(checks)).toEqual([
        `${d.url}/health answered 503 (status unhealthy, database unhealthy): the API cannot use its database; see docs/runbook.md`,
        `GET ${d.url}/api/v1/admin/pipeline/runs without a token answered 200; admin routes must refuse it with 401`,
        'the API does not allow https://transferlens.example (Access-Control-Allow-Origin: *): the Worker\'s CORS_ORIGINS differs from the settings given',
        'the API allows the foreign origin https://preflight-check.invalid (Access-Control-Allow-Origin: *); CORS must answer only CORS_ORIGINS',
        `${d.url}/og/player/erling-haaland.png is 600x315, not 1200x630`,
      ]);
    } finally {
      await d.close();
    }
  });

  it('reports disabled admin routes, a share card that is not a PNG, and no player to render', async () => {
    let market: unknown = { data: [{ player: { slug: 'jude-bellingham' } }] };
    const d = await fakeDeployment((req, res) => {
      const path = req.url!.split('?')[0];
      if (path === '/health') return json(res, 200, { status: 'healthy', database: 'healthy' });
      if (path!.startsWith('/api/v1/admin/')) return json(res, 503, { error: { code: 'admin_disabled' } });
      if (path === '/api/v1/market/latest') return json(res, 200, market);
      json(res, 404, { error: 'not found' });
    });
    try {
      const target = { apiUrl: d.url, siteUrl: d.url, allowedOrigins: [] };
      expect(failures(await liveChecks(target))).toEqual([
        "admin routes answer 503: the Worker's ADMIN_API_KEY secret is missing or shorter than 32 characters",
        `${d.url}/og/player/jude-bellingham.png answered 404 (application/json), not a PNG`,
      ]);
      market = { data: [] };
      expect(failures(await liveChecks(target)).at(-1)).toMatch(/^no player found in .*\/api\/v1\/market\/latest to render a share card for/);
    } finally {
      await d.close();
    }
  });

  it('reports an unreachable API', async () => {
    const checks = await liveChecks({ apiUrl: 'http://127.0.0.1:9', siteUrl: 'http://127.0.0.1:9', allowedOrigins: [] });
    expect(failures(checks)).toEqual([expect.stringMatching(/^the API at http:\/\/127\.0\.0\.1:9 is unreachable: /)]);
  });
});

describe('liveChecks against the API Worker (wrangler dev, production settings)', () => {
  const procs = new ProcessGroups();
  let apiUrl = '';
  let t: TestDb;

  beforeAll(async () => {
    t = await createTestDb('preflightapi');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'tl-preflight-'));
    const envFile = join(dir, 'api.env');
    writeFileSync(envFile, envFileText({ ...GOOD, ...t.env, LOG_LEVEL: 'warn' }));
    procs.spawn('api', join(ROOT, 'node_modules/.bin/wrangler'), ['dev', '-c', join(ROOT, 'wrangler.toml'), '--ip', '127.0.0.1', '--port', String(port),
      '--inspector-port', String(await freePort()), '--env-file', envFile, '--persist-to', join(dir, 'state'), '--show-interactive-dev-session=false'], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_REGISTRY_PATH: join(dir, 'registry') },
      prefixed: true,
      quiet: /./,
    });
    apiUrl = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 120; i++) {
      const ok = await fetch(`${apiUrl}/health`).then((r) => r.status === 200, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the API Worker did not start');
  }, 90_000);
  afterAll(() => procs.stopAll());

  it('passes health, admin refusal and CORS with the settings the Worker runs with', async () => {
    const checks = await liveChecks({ apiUrl, siteUrl: apiUrl, adminApiKey: KEY, allowedOrigins: GOOD.CORS_ORIGINS.split(',') });
    for (const name of ['GET /health', 'admin without token', 'CORS']) expect(byName(checks, name).every((c) => c.ok), name).toBe(true);
    expect(byName(checks, 'CORS')).toHaveLength(3);
    expect(byName(checks, 'admin with token')[0]!.detail).not.toMatch(/different key/);
  });

  it('fails the admin key and CORS checks when the Worker runs with other settings', async () => {
    const checks = await liveChecks({ apiUrl, siteUrl: apiUrl, adminApiKey: 'z'.repeat(40), allowedOrigins: ['https://other.example'] });
    expect(failures(checks)).toEqual(expect.arrayContaining([
      "the API refuses the ADMIN_API_KEY given to preflight (403): the Worker's secret is a different key",
      "the API does not allow https://other.example (Access-Control-Allow-Origin: none): the Worker's CORS_ORIGINS differs from the settings given",
    ]));
  });
});
