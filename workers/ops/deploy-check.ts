/**
 * `npm run deploy:check [-- --plan free|paid] [--env production|staging] [--skip-site-build]`
 * Bundles every Worker exactly as `wrangler deploy` would (`--dry-run --outdir`, offline), prints each bundle's raw
 * and gzip size against the platform limits (../shared/docs/platform.md §3.1, docs/deployment.md), and exits 1 when a
 * bundle does not fit or a Worker cannot be bundled. The site is built with `astro build` first.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KiB = 1024;
const MiB = 1024 * KiB;

/** Cloudflare Workers size limits (compressed upload; the 64 MiB uncompressed cap is the announced single limit). */
export const LIMITS = {
  free: { gzip: 3 * MiB, raw: 64 * MiB, assetFiles: 20_000 },
  paid: { gzip: 10 * MiB, raw: 64 * MiB, assetFiles: 100_000 },
  assetFileBytes: 25 * MiB,
} as const;
export type Plan = 'free' | 'paid';

export interface WorkerDef {
  name: string;
  config: string;
  /** The module the config's `main` points to; it must exist before bundling. */
  entry: string;
  /** Static assets folder served with the Worker (site only). */
  assets?: string;
}

export const WORKER_DEFS: WorkerDef[] = [
  { name: 'api', config: 'wrangler.toml', entry: 'workers/api/index.ts' },
  { name: 'cron', config: 'workers/cron/wrangler.toml', entry: 'workers/cron/index.ts' },
  { name: 'site', config: 'site/wrangler.toml', entry: 'site/dist/_worker.js/index.js', assets: 'site/dist' },
];

/** Reads wrangler's "Total Upload: 257.33 KiB / gzip: 78.10 KiB" line. */
export function parseUploadSize(output: string): { raw: number; gzip: number } | undefined {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const m = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(plain);
  return m ? { raw: Number(m[1]) * KiB, gzip: Number(m[2]) * KiB } : undefined;
}

export interface AssetStats {
  files: number;
  largest: { path: string; bytes: number } | undefined;
}

/** Problems with one bundle (and its assets) under a plan's limits; empty when it fits. */
export function sizeProblems(name: string, size: { raw: number; gzip: number }, plan: Plan, assets?: AssetStats): string[] {
  const limit = LIMITS[plan];
  const out: string[] = [];
  if (size.gzip > limit.gzip) out.push(`${name}: ${fmt(size.gzip)} compressed exceeds the ${plan} plan's ${fmt(limit.gzip)} Worker size limit`);
  if (size.raw > limit.raw) out.push(`${name}: ${fmt(size.raw)} uncompressed exceeds the ${fmt(limit.raw)} limit`);
  if (assets) {
    if (assets.files > limit.assetFiles) out.push(`${name}: ${assets.files} static asset files exceed the ${plan} plan's ${limit.assetFiles}`);
    if (assets.largest && assets.largest.bytes > LIMITS.assetFileBytes)
      out.push(`${name}: asset ${assets.largest.path} is ${fmt(assets.largest.bytes)}, over the ${fmt(LIMITS.assetFileBytes)} per-file limit`);
  }
  return out;
}

export const fmt = (bytes: number) => (bytes >= MiB ? `${(bytes / MiB).toFixed(2)} MiB` : `${(bytes / KiB).toFixed(1)} KiB`);

/** Static assets the site uploads (the server bundle and the files .assetsignore lists are not assets). */
export function assetStats(dir: string): AssetStats {
  let files = 0;
  let largest: AssetStats['largest'];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.name === '_worker.js' || e.name === '_routes.json' || e.name === '.assetsignore') continue;
      if (e.isDirectory()) walk(p);
      else {
        files++;
        const bytes = statSync(p).size;
        if (!largest || bytes > largest.bytes) largest = { path: relative(dir, p), bytes };
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files, largest };
}

const TOOL_ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', ASTRO_TELEMETRY_DISABLED: '1' };

function run(command: string, args: string[], env: NodeJS.ProcessEnv = TOOL_ENV): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (e) => resolve({ code: -1, output: e.message }));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

export interface BundleResult {
  worker: WorkerDef;
  size?: { raw: number; gzip: number };
  assets?: AssetStats;
  error?: string;
}

/** `wrangler deploy --dry-run` for one Worker into `outRoot/<name>`. */
export async function bundle(w: WorkerDef, env: string, outRoot: string): Promise<BundleResult> {
  if (!existsSync(join(ROOT, w.entry))) return { worker: w, error: `${w.entry} does not exist${w.assets ? ' (astro build failed or was skipped)' : ''}` };
  const { code, output } = await run(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', join(outRoot, w.name), '-c', join(ROOT, w.config), '--env', env]);
  const size = parseUploadSize(output);
  if (code !== 0 || !size) return { worker: w, error: `wrangler deploy --dry-run failed (exit ${code}):\n${output.trim().split('\n').slice(-15).join('\n')}` };
  return { worker: w, size, assets: w.assets ? assetStats(join(ROOT, w.assets)) : undefined };
}

async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { plan: { type: 'string', default: 'free' }, env: { type: 'string', default: 'production' }, 'skip-site-build': { type: 'boolean', default: false } },
  });
  const plan = values.plan as Plan;
  if (plan !== 'free' && plan !== 'paid') throw new Error(`--plan must be free or paid, got "${values.plan}"`);
  const outRoot = join(ROOT, '.data', 'bundles');

  if (!values['skip-site-build'] && existsSync(join(ROOT, 'site/astro.config.mjs'))) {
    process.stdout.write('building the site (astro build) ...\n');
    const built = await run(join(ROOT, 'node_modules/.bin/astro'), ['build', '--root', join(ROOT, 'site')]);
    if (built.code !== 0) process.stdout.write(`astro build failed:\n${built.output.trim().split('\n').slice(-20).join('\n')}\n`);
  }

  const results = await Promise.all(WORKER_DEFS.map((w) => bundle(w, values.env!, outRoot)));
  const problems: string[] = [];
  const limit = LIMITS[plan];
  process.stdout.write(`\nWorker bundles (--env ${values.env}), against the ${plan} plan: ${fmt(limit.gzip)} compressed, ${fmt(limit.raw)} uncompressed\n\n`);
  process.stdout.write(`${'worker'.padEnd(8)}${'raw'.padStart(14)}${'gzip'.padStart(14)}${'of limit'.padStart(10)}  assets\n`);
  for (const r of results) {
    if (!r.size) {
      problems.push(`${r.worker.name}: ${r.error}`);
      process.stdout.write(`${r.worker.name.padEnd(8)}${'-'.padStart(14)}${'-'.padStart(14)}${'-'.padStart(10)}  cannot bundle\n`);
      continue;
    }
    const pct = `${((r.size.gzip / limit.gzip) * 100).toFixed(0)}%`;
    const assets = r.assets ? `${r.assets.files} files, largest ${r.assets.largest ? `${r.assets.largest.path} ${fmt(r.assets.largest.bytes)}` : '-'}` : '';
    process.stdout.write(`${r.worker.name.padEnd(8)}${fmt(r.size.raw).padStart(14)}${fmt(r.size.gzip).padStart(14)}${pct.padStart(10)}  ${assets}\n`);
    problems.push(...sizeProblems(r.worker.name, r.size, plan, r.assets));
  }
  process.stdout.write(`\nbundles written to ${relative(ROOT, outRoot)}/<worker>\n`);
  if (problems.length) {
    process.stdout.write(`\ndeploy:check FAILED\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write('deploy:check passed: every Worker bundles and fits\n');
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`deploy:check: ${(e as Error).message}`);
      process.exit(2);
    },
  );
}
