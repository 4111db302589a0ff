/**
 * `npm start`: the whole product on this machine.
 *  1. database: embedded PGlite in .data/pglite (or DATABASE_URL's PostgreSQL) behind the local Neon-HTTP endpoint
 *  2. migrations, then the real data once, then the daily pipeline once when no run has succeeded yet
 *  3. the site build (skipped when nothing changed since the last one), in parallel with 2.
 *  4. API, site and cron Workers under `wrangler dev` (workerd), joined by service bindings
 * Ctrl-C / SIGTERM stops every process it started. Pieces that do not exist yet are skipped with a message.
 * Settings and their defaults: workers/dev/stack.ts and docs/runbook.md.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { createDb, type Db } from '../../db/client';
import { migrate } from '../../db/migrations';
import { PGLITE_DIR } from '../../db/node';
import { startNeonHttpEndpoint, type NeonHttpEndpoint } from './neon-http-endpoint';
import { startUpstashRestEndpoint, type UpstashRestEndpoint } from './upstash-rest-endpoint';
import { assertPortFree, freePorts } from './ports';
import { ProcessGroups, stopLeftovers, watchLauncher } from './processes';
import { envFileText, stackSettings, type StackSettings, type WorkerName } from './stack';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Per-checkout state: admin key, Worker env files, wrangler registry and local state (TL_DEV_DIR for tests). */
const DEV_DIR = process.env.TL_DEV_DIR || join(ROOT, '.data', 'dev');
/** Steps to leave out, e.g. START_SKIP=data,pipeline,site-build (the Workers still start). */
const SKIP = new Set((process.env.START_SKIP ?? '').split(',').map((x) => x.trim()).filter(Boolean));
const BIN = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const started = Date.now();

const WORKERS: Record<WorkerName, { config: string; entry: string; label: string }> = {
  api: { config: 'wrangler.toml', entry: 'workers/api/index.ts', label: 'API' },
  site: { config: 'site/wrangler.toml', entry: 'site/dist/_worker.js/index.js', label: 'site' },
  cron: { config: 'workers/cron/wrangler.toml', entry: 'workers/cron/index.ts', label: 'cron Worker' },
};

/** wrangler's start-up banner and binding tables: printed per Worker and on every reload, noise here. */
const WRANGLER_NOISE = /^\s*$|^\s*env\.|^Binding\s|^Your Worker has access|^Service bindings, Durable|Connection status updated|^Using secrets defined|^─+$|⛅️|Starting local server/;

/** astro build's per-file size table. */
const ASTRO_NOISE = /^\s*$|\[vite\] (dist\/|rendering chunks|computing gzip|transforming|✓ \d+ modules)/;

const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (line: string) => process.stdout.write(`▸ ${line}\n`);
const skip = (line: string) => process.stdout.write(`  (skipped) ${line}\n`);

async function step<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = Date.now();
  say(`${label} ...`);
  const out = await fn();
  say(`${label}: done in ${((Date.now() - t) / 1000).toFixed(1)}s`);
  return out;
}

/** The dev admin key: generated once per machine into .data/ (git-ignored), never committed. */
function localSecret(file: string, bytes: number) {
  const path = join(DEV_DIR, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

/** Pipeline CLI commands whose module exists (read from its source, so a missing one is skipped, not crashed on). */
function pipelineCommands(): Set<string> {
  const cli = readFileSync(join(ROOT, 'workers/pipeline/cli.ts'), 'utf8');
  const entries = [...cli.matchAll(/^\s*'([a-z][a-z:-]*)':\s*\{.*?import\('(\.[^']+)'\)/gm)];
  return new Set(entries.filter(([, , path]) => existsSync(join(ROOT, 'workers/pipeline', `${path}.ts`))).map(([, name]) => name!));
}

const STATE_FILE = join(DEV_DIR, 'state.json');
type State = { siteBuild?: string };
const readState = (): State => (existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as State) : {});
const writeState = (patch: State) => writeFileSync(STATE_FILE, JSON.stringify({ ...readState(), ...patch }, null, 2));

/** Newest modification time under the given folders (skipping build output), to decide whether to rebuild the site. */
function newestMtime(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', 'dist', '.astro', '.wrangler', 'seed'].includes(e.name) || e.name.endsWith('.test.ts')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) if (existsSync(d)) walk(d);
  return newest;
}

async function waitForHttp(url: string, ok: (status: number) => boolean, timeoutMs: number, alive: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline && alive()) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await r.body?.cancel();
      if (ok(r.status)) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become ready (${last})`);
}

async function main() {
  // Settings may sit in a git-ignored .env (see .env.example); the real environment wins over it.
  if (existsSync(join(ROOT, '.env'))) process.loadEnvFile(join(ROOT, '.env'));
  const unknown = [...SKIP].filter((x) => !['data', 'pipeline', 'site-build'].includes(x));
  if (unknown.length) throw new Error(`START_SKIP accepts data, pipeline and site-build, not: ${unknown.join(', ')}`);
  mkdirSync(DEV_DIR, { recursive: true });
  const settings = stackSettings(process.env, { adminApiKey: localSecret('admin-api-key', 32), upstashToken: randomBytes(24).toString('base64url') });
  const pidFile = join(DEV_DIR, 'pids.json');
  const leftovers = await stopLeftovers(pidFile, ROOT);
  if (leftovers) say(`stopped ${leftovers} process group(s) left running by an earlier npm start that did not shut down`);
  const procs = new ProcessGroups(pidFile);
  let neon: NeonHttpEndpoint | undefined;
  let upstash: UpstashRestEndpoint | undefined;

  let stopping: Promise<void> | undefined;
  const stop = (code: number) => {
    stopping ??= (async () => {
      say('stopping ...');
      await procs.stopAll();
      await upstash?.close().catch(() => undefined);
      await neon?.close().catch(() => undefined);
      say('stopped: no process left running');
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));
  watchLauncher(() => void stop(0));

  try {
    await serve(settings, procs, (n) => (neon = n), (u) => (upstash = u));
  } catch (e) {
    if (procs.isStopping) return;
    process.stderr.write(`\nnpm start failed: ${(e as Error).message}\n`);
    await stop(1);
  }
}

async function serve(
  s: StackSettings,
  procs: ProcessGroups,
  setNeon: (n: NeonHttpEndpoint) => void,
  setUpstash: (u: UpstashRestEndpoint) => void,
) {
  const toolEnv = {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    ASTRO_TELEMETRY_DISABLED: '1',
    // Service bindings between our wrangler processes resolve through this registry: one per checkout, so several
    // stacks on one machine never bind to each other's Workers.
    WRANGLER_REGISTRY_PATH: join(DEV_DIR, 'registry'),
  };
  for (const w of ['api', 'site', 'cron'] as const) await assertPortFree(s.ports[w], WORKERS[w].label, `${w.toUpperCase()}_PORT`);

  // 1. Database
  if (s.database.mode === 'remote') say(`database: ${new URL(s.database.url).host} (DATABASE_URL, over Neon's HTTP endpoint)`);
  else if (!process.env.NEON_FETCH_ENDPOINT) {
    await assertPortFree(s.ports.neon, 'the Neon-HTTP endpoint', 'NEON_LOCAL_PORT');
    const neon = await step(s.database.mode === 'pglite' ? `embedded PostgreSQL (PGlite) in ${relative(ROOT, PGLITE_DIR)}` : 'Neon-HTTP endpoint in front of DATABASE_URL', () =>
      startNeonHttpEndpoint(s.database.mode === 'pglite' ? { mode: 'pglite', pgliteDir: PGLITE_DIR, port: s.ports.neon } : { mode: 'pg', port: s.ports.neon }),
    );
    setNeon(neon);
  }
  const db = createDb({ DATABASE_URL: s.database.url, NEON_FETCH_ENDPOINT: s.neonFetchEndpoint });
  await step('migrations', () =>
    migrate(db, undefined, (line) => say(`  ${line}`)).catch((e: Error) => {
      if (!/database ".*" does not exist/.test(`${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`)) throw e;
      const url = new URL(s.database.url);
      throw new Error(`the database in DATABASE_URL does not exist: create it first (createdb -h ${url.hostname} -U ${url.username || 'postgres'} ${url.pathname.slice(1)})`);
    }),
  );

  if (s.redisUrl) {
    await assertPortFree(s.ports.upstash, 'the Upstash-REST endpoint', 'UPSTASH_LOCAL_PORT');
    const token = s.vars.api.UPSTASH_REDIS_REST_TOKEN!;
    setUpstash(await step(`Upstash-REST endpoint in front of ${s.redisUrl}`, () => startUpstashRestEndpoint({ redisUrl: s.redisUrl!, token, port: s.ports.upstash })));
  }

  // 2. Site build, in parallel with 3. (it needs no data)
  const siteConfig = join(ROOT, 'site/astro.config.mjs');
  const siteBuild = !existsSync(siteConfig)
    ? Promise.resolve(skip('site: site/astro.config.mjs does not exist yet'))
    : SKIP.has('site-build')
      ? Promise.resolve(skip('site build: START_SKIP=site-build (serving the existing site/dist, if any)'))
      : buildSite(s, procs, toolEnv);
  siteBuild.catch(() => undefined); // awaited below; a failure while the data loads must not count as unhandled

  // 3. Data and the first pipeline run (Node CLI children, talking to the same endpoint)
  const cliEnv = { ...toolEnv, ...s.vars.cron };
  const commands = pipelineCommands();
  const cli = (name: string, args: string[]) => procs.run(name, process.execPath, ['--import', 'tsx', join(ROOT, 'workers/pipeline/cli.ts'), ...args], { env: cliEnv, cwd: ROOT });
  await loadData(db, s, commands, cli);
  // The first pipeline run goes on while the Workers start: the stack is usable (and healthy) meanwhile, and the
  // predictions appear when it finishes.
  const pipeline = firstPipelineRun(db, commands, cli);
  let pipelineDone = false;
  pipeline.then(() => (pipelineDone = true), () => (pipelineDone = true));
  await siteBuild;

  // 4. Workers
  const inspectorPorts = await freePorts(3);
  const served: WorkerName[] = [];
  /** Settles when wrangler prints "Ready on" (or a build error) for the Worker. */
  const readyLine = new Map<WorkerName, Promise<void>>();
  for (const w of ['cron', 'api', 'site'] as const) {
    const def = WORKERS[w];
    if (!existsSync(join(ROOT, def.config)) || !existsSync(join(ROOT, def.entry))) {
      skip(`${def.label}: ${def.entry} does not exist yet, so it is not served`);
      continue;
    }
    const envFile = join(DEV_DIR, `${w}.env`);
    writeFileSync(envFile, envFileText(s.vars[w]), { mode: 0o600 });
    chmodSync(envFile, 0o600);
    const args = ['dev', '-c', join(ROOT, def.config), '--ip', '127.0.0.1', '--port', String(s.ports[w]), '--inspector-port', String(inspectorPorts.pop()),
      '--env-file', envFile, '--persist-to', join(DEV_DIR, 'wrangler-state', w), '--show-interactive-dev-session=false'];
    // (each Worker persists to its own folder: workerd locks its SQLite files)
    if (w === 'cron') args.push('--test-scheduled');
    let signal: (outcome: Error | undefined) => void = () => undefined;
    const line = new Promise<void>((resolve, reject) => (signal = (e) => (e ? reject(e) : resolve())));
    line.catch(() => undefined); // awaited below; a build error before then must not count as unhandled
    readyLine.set(w, line);
    const onLine = (l: string) => {
      if (/Ready on http/.test(l)) signal(undefined);
      else if (/Build failed|\[ERROR\]/.test(l)) signal(new Error(`wrangler could not build it: ${l.replace(/\x1b\[[0-9;]*m/g, '').trim()}`));
    };
    const t = procs.spawn(w, BIN('wrangler'), args, { env: toolEnv, cwd: ROOT, prefixed: true, quiet: WRANGLER_NOISE, onLine });
    void t.exited.then((code) => {
      signal(new Error(`wrangler exited with code ${code}`));
      if (procs.isStopping) return;
      if (w !== 'api') return void process.stderr.write(`\n${def.label} (wrangler dev) exited with code ${code}; the rest keeps running\n`);
      process.stderr.write(`\n${def.label} (wrangler dev) exited with code ${code}; stopping the stack\n`);
      process.kill(process.pid, 'SIGTERM');
    });
    served.push(w);
  }
  const alive = () => !procs.isStopping;
  // The API must come up; a site or cron Worker that does not build is reported and the rest keeps running.
  const ready = async (w: WorkerName) => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('wrangler did not report ready within 120 s')), 120_000).unref());
    await Promise.race([readyLine.get(w), timeout]);
    // the cron Worker has no fetch handler to ask
    if (w !== 'cron') await waitForHttp(w === 'api' ? `${s.urls.api}/health` : s.urls.site, (st) => (w === 'api' ? st === 200 : st < 500), 120_000, alive);
  };
  const failed = await step('Workers ready', async () => {
    const results = await Promise.allSettled(served.map(ready));
    return served.filter((w, i) => {
      const r = results[i]!;
      if (r.status === 'fulfilled') return false;
      if (w === 'api') throw r.reason;
      process.stderr.write(`\n${WORKERS[w].label} is not ready (${(r.reason as Error).message}); see its [${w}] output above\n`);
      return true;
    });
  });
  served.splice(0, served.length, ...served.filter((w) => !failed.includes(w)));

  const line = (w: WorkerName, text: string) => (served.includes(w) ? `  ${text}\n` : '');
  process.stdout.write(
    `\nTransferLens is running (ready in ${elapsed()}):\n` +
      line('api', `API   ${s.urls.api}   (health: ${s.urls.api}/health, docs: ${s.urls.api}/docs)`) +
      line('site', `site  ${s.urls.site}`) +
      line('cron', `cron  ${s.urls.cron}   (run the daily pipeline: curl "${s.urls.cron}/__scheduled?cron=0+6+*+*+*")`) +
      `  database ${s.database.mode === 'pglite' ? `PGlite in ${relative(ROOT, PGLITE_DIR)}` : new URL(s.database.url).host}` +
      `${s.neonFetchEndpoint ? ` via ${s.neonFetchEndpoint}` : ''}\n` +
      `  admin key: ${process.env.ADMIN_API_KEY ? 'from ADMIN_API_KEY' : `in ${relative(ROOT, join(DEV_DIR, 'admin-api-key'))}`}\n` +
      (pipelineDone ? '' : `  pipeline: the first daily run is still going; predictions appear when it finishes\n`) +
      `Press Ctrl-C to stop.\n`,
  );
  const outcome = await pipeline.then(() => undefined, (e: Error) => e);
  if (outcome && !procs.isStopping) process.stderr.write(`\n${outcome.message}\nThe stack keeps running without fresh predictions; the next npm start runs the pipeline again (docs/runbook.md).\n`);
}

async function loadData(db: Db, s: StackSettings, commands: Set<string>, cli: (n: string, a: string[]) => Promise<number | null>) {
  if (SKIP.has('data')) return skip('data: START_SKIP=data');
  if (!commands.has('ingest:real')) return skip('data: the pipeline has no ingest:real command yet');
  // ingest:real records itself in pipeline_runs and marks the row succeeded only after its last statement.
  const loaded = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM pipeline_runs WHERE step = 'ingest:real' AND status = 'succeeded'`);
  if ((loaded.rows[0]?.n ?? 0) > 0) return say('data: already loaded (a successful ingest:real run exists)');
  // Embedded PGlite gets the documented faster subset (the top-5 leagues, docs/data-ingest.md); PostgreSQL all of it.
  const given = process.env.INGEST_ARGS?.trim();
  const args = given ? given.split(/\s+/) : s.database.mode === 'pglite' ? ['--leagues', (await import('../../db/seed')).TOP5_LEAGUES.join(',')] : [];
  const code = await step(`loading the real data (ingest:real${args.length ? ` ${args.join(' ')}` : ''})`, () => cli('ingest', ['ingest:real', ...args]));
  if (code !== 0) throw new Error(`ingest:real failed (exit code ${code}); see its output above`);
}

async function firstPipelineRun(db: Db, commands: Set<string>, cli: (n: string, a: string[]) => Promise<number | null>) {
  if (SKIP.has('pipeline')) return skip('pipeline: START_SKIP=pipeline');
  if (!commands.has('daily:run')) return skip('pipeline: the pipeline has no daily:run command yet');
  const done = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM pipeline_runs WHERE step = 'run' AND run_key LIKE 'daily:%' AND status = 'succeeded'`);
  if ((done.rows[0]?.n ?? 0) > 0) return say('pipeline: a successful run exists; the cron Worker runs the next one');
  const code = await step('first daily pipeline run (daily:run; the Workers start meanwhile)', () => cli('pipeline', ['daily:run']));
  if (code !== 0) throw new Error(`daily:run failed (exit code ${code}); see its output above, or the pipeline_runs table`);
}

async function buildSite(s: StackSettings, procs: ProcessGroups, toolEnv: NodeJS.ProcessEnv) {
  // The site, and what it imports from outside site/ (the API's typed client, shared code, the schema types).
  const stamp = JSON.stringify([newestMtime(['site', 'workers/api', 'workers/shared', 'db'].map((d) => join(ROOT, d))), s.vars.site]);
  const built = existsSync(join(ROOT, WORKERS.site.entry));
  if (built && readState().siteBuild === stamp) return say('site: build is up to date');
  const code = await step('building the site (astro build)', () =>
    procs.run('astro', BIN('astro'), ['build', '--root', join(ROOT, 'site')], { env: { ...toolEnv, ...s.vars.site }, cwd: ROOT, prefixed: true, quiet: ASTRO_NOISE }),
  );
  if (code !== 0) throw new Error(`astro build failed (exit code ${code}); see its output above`);
  writeState({ siteBuild: stamp });
}

await main().catch((e: Error) => {
  // Settings errors, before anything was started.
  process.stderr.write(`npm start failed: ${e.message}\n`);
  process.exit(1);
});
