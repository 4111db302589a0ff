/**
 * Runs a Worker in workerd the way it deploys: bundled by `wrangler deploy --dry-run`, then loaded into Miniflare
 * with the given bindings (the test database's DATABASE_URL and NEON_FETCH_ENDPOINT, settings).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BundledWorker {
  mf: Miniflare;
  dispose(): Promise<void>;
}

/** Bundles the Worker of `configPath` (relative to the repo root) into a temp folder. */
export async function bundleWorker(configPath: string): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'tl-worker-'));
  await promisify(execFile)(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir, '--config', configPath], {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  return outdir;
}

export function runBundle(outdir: string, bindings: Record<string, string>): BundledWorker {
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, 'index.js'),
    modulesRoot: outdir,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    bindings,
  });
  return {
    mf,
    async dispose() {
      await mf.dispose();
      rmSync(outdir, { recursive: true, force: true });
    },
  };
}
