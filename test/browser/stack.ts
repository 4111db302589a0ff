/**
 * The local stack the browser tests, screenshots and site benchmark run against: a fresh database (PostgreSQL from
 * TEST_DATABASE_URL, else in-memory PGlite) behind the local Neon-HTTP endpoint, loaded with the real fixture subset
 * (db/seed/fixture, or the real data cut to one league when the fixture is absent) plus one daily pipeline run; the
 * site built into its own folder; API and site under `wrangler dev` joined by the `API` service binding.
 * Everything lives in a temporary folder with its own wrangler registry, so it never binds to an `npm start` stack.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDb } from '../../db/client';
import { migrate } from '../../db/migrations';
import { startNeonHttpEndpoint } from '../../workers/dev/neon-http-endpoint';
import { ProcessGroups } from '../../workers/dev/processes';
import { envFileText, stackSettings } from '../../workers/dev/stack';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = (name: string) => join(ROOT, 'node_modules', '.bin', name);
/** Child output is shown only when it reports a problem. */
const ONLY_ERRORS = /^(?!.*(ERROR|✘|Error|error|Uncaught|failed)).*$/;

export interface Stack {
  siteUrl: string;
  apiUrl: string;
  /** Data facts the tests rely on (a real player with predictions, a second one, a club). */
  close(): Promise<void>;
}

async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  const ports = await Promise.all(
    servers.map((s) => new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
    })),
  );
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await r.body?.cancel();
      if (r.status < 500) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become ready: ${last}`);
}

/** Where the test data comes from: the fixture subset when the ingest engineer's script has produced it. */
function ingestArgs(): string[] {
  const fixture = join(ROOT, 'db/seed/fixture');
  if (existsSync(join(fixture, 'players.csv.gz')) || existsSync(join(fixture, 'players.csv'))) return ['--dir', fixture];
  return ['--leagues', process.env.BROWSER_TEST_LEAGUES ?? 'GB1'];
}

export async function startStack(log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-browser-'));
  const procs = new ProcessGroups();
  const [neonPort, apiPort, sitePort, cronPort, upstashPort, inspectApi, inspectSite] = (await freePorts(7)) as [number, number, number, number, number, number, number];
  const base = process.env.TEST_DATABASE_URL;
  const neon = await startNeonHttpEndpoint({ mode: base ? 'pg' : 'pglite', port: neonPort });
  // wrangler runs in its own process group: if this process dies without close(), take the groups down with it.
  const killGroups = () => procs.pids().forEach((pid) => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  process.once('exit', killGroups);
  const dbName = `tl_browser_${process.pid}_${Date.now().toString(36)}`;
  const dbUrl = new URL(base ?? 'postgresql://transferlens@localhost/postgres');
  const adminUrl = dbUrl.toString();
  const close = async () => {
    process.off('exit', killGroups);
    await procs.stopAll();
    await neon.close().catch(() => undefined);
    if (base) {
      // PostgreSQL keeps the database otherwise (PGlite's lives in this process's memory).
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).finally(() => admin.end());
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    dbUrl.pathname = `/${dbName}`;
    const created = await fetch(`${neon.url.replace(/\/sql$/, '')}/_dev/databases`, { method: 'POST', body: JSON.stringify({ name: dbName, connectionString: adminUrl }) });
    if (!created.ok) throw new Error(`cannot create the test database: ${await created.text()}`);
    await migrate(createDb({ DATABASE_URL: dbUrl.toString(), NEON_FETCH_ENDPOINT: neon.url }));

    const settings = stackSettings(
      {
        ...process.env,
        DATABASE_URL: dbUrl.toString(),
        NEON_FETCH_ENDPOINT: neon.url,
        API_PORT: String(apiPort), SITE_PORT: String(sitePort), CRON_PORT: String(cronPort),
        NEON_LOCAL_PORT: String(neonPort), UPSTASH_LOCAL_PORT: String(upstashPort),
        REDIS_URL: '',
        PUBLIC_API_URL: '', PUBLIC_SITE_URL: '',
        // Every page view is several API calls through one binding: the tests must not trip the public limit.
        RATE_LIMIT_REQUESTS: '1000000',
      },
      { adminApiKey: 'browser-test-admin-key-0123456789abcdef', upstashToken: 'unused' },
    );
    const toolEnv = {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      ASTRO_TELEMETRY_DISABLED: '1',
      WRANGLER_REGISTRY_PATH: join(dir, 'registry'),
    };
    const cliEnv = { ...toolEnv, ...settings.vars.cron };
    const cli = async (label: string, args: string[]) => {
      const t = Date.now();
      const code = await procs.run(label, process.execPath, ['--import', 'tsx', join(ROOT, 'workers/pipeline/cli.ts'), ...args], { env: cliEnv, cwd: ROOT, prefixed: true, quiet: /^\s*$|\r|%\s*\|/ });
      if (code !== 0) throw new Error(`pipeline ${args.join(' ')} failed with exit code ${code}`);
      log(`stack: ${label} done in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    };
    await cli('ingest', ['ingest:real', ...ingestArgs()]);
    // Development escape hatch only: without a pipeline run the pages have no probabilities and the tests fail.
    // Two runs: one in the past, so charts have history and past (as_of) views have their own probabilities.
    await cli('pipeline (as of 2024-06-30)', ['daily:run', '--as-of', '2024-06-30']).then(() => cli('pipeline', ['daily:run'])).catch((e: Error) => {
      if (process.env.BROWSER_STACK_ALLOW_NO_PIPELINE !== '1') throw e;
      log(`stack: continuing WITHOUT predictions (${e.message})`);
    });

    const outDir = join(dir, 'site-dist');
    const t = Date.now();
    const built = await procs.run('astro', BIN('astro'), ['build', '--root', join(ROOT, 'site')], {
      env: { ...toolEnv, ...settings.vars.site, SITE_OUT_DIR: outDir },
      cwd: ROOT,
      prefixed: true,
      quiet: ONLY_ERRORS,
    });
    if (built !== 0) throw new Error(`astro build failed with exit code ${built}`);
    log(`stack: site built in ${((Date.now() - t) / 1000).toFixed(1)}s`);

    // The site's wrangler config, pointed at this build.
    const siteToml = readFileSync(join(ROOT, 'site/wrangler.toml'), 'utf8')
      .replace(/^main = .*$/m, `main = ${JSON.stringify(join(outDir, '_worker.js/index.js'))}`)
      .replace(/^directory = .*$/m, `directory = ${JSON.stringify(outDir)}`);
    const siteConfig = join(dir, 'site.wrangler.toml');
    writeFileSync(siteConfig, siteToml);

    const serve = (name: 'api' | 'site', config: string, port: number, inspector: number) => {
      const envFile = join(dir, `${name}.env`);
      writeFileSync(envFile, envFileText(settings.vars[name]), { mode: 0o600 });
      const p = procs.spawn(name, BIN('wrangler'), ['dev', '-c', config, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
        '--env-file', envFile, '--persist-to', join(dir, `wrangler-${name}`), '--show-interactive-dev-session=false'], { env: toolEnv, cwd: ROOT, prefixed: true, quiet: ONLY_ERRORS });
      void p.exited.then((code) => {
        if (!procs.isStopping) log(`stack: ${name} (wrangler dev) exited with code ${code}`);
      });
    };
    serve('api', join(ROOT, 'wrangler.toml'), apiPort, inspectApi);
    serve('site', siteConfig, sitePort, inspectSite);
    await Promise.all([waitFor(`${settings.urls.api}/health`, 120_000), waitFor(settings.urls.site, 120_000)]);
    log(`stack: API ${settings.urls.api}, site ${settings.urls.site}`);
    return { siteUrl: settings.urls.site, apiUrl: settings.urls.api, close };
  } catch (e) {
    await close();
    throw e;
  }
}
