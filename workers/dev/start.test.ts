/**
 * LIFECYCLE TEST of `npm start` (slow: about 30 s). It starts the real stack (API, site and cron Workers under
 * wrangler dev) against this file's own test database, data steps and site build skipped, waits for a healthy
 * GET /health, then stops it the two ways users do: Ctrl-C (SIGINT to the terminal's process group) and
 * `kill <npm pid>` (SIGTERM to npm alone, which npm does not forward). After each, no process it started may remain.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers/db';
import { freePorts } from './ports';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Processes whose command line mentions one of the markers (our ports, our state folder). */
function processesMatching(markers: string[]) {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (markers.some((m) => cmd.includes(m))) found.push(`${pid}: ${cmd.slice(0, 160)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Waits (up to 20 s) for the processes to be gone: the kernel may take a moment to reap a SIGKILLed workerd. */
async function gone(markers: string[]) {
  const deadline = Date.now() + 20_000;
  while (processesMatching(markers).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
}

async function startStack(env: NodeJS.ProcessEnv, apiPort: number) {
  const npm = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout.on('data', (d) => (out += d));
  npm.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => npm.once('exit', (code) => r(code)));
  const started = Date.now();
  while (!/TransferLens is running|npm start failed/.test(out) && Date.now() - started < 150_000 && npm.exitCode === null) await new Promise((r) => setTimeout(r, 300));
  const health = await fetch(`http://127.0.0.1:${apiPort}/health`).then((r) => r.json() as Promise<{ status?: string; database?: string }>, () => undefined);
  return { npm, exited, health, output: () => out };
}

describe('npm start lifecycle', () => {
  it('serves a healthy API, and leaves no process behind after Ctrl-C or kill', async () => {
    const t = await createTestDb('start');
    const [api, site, cron, neon] = await freePorts(4);
    const devDir = mkdtempSync(join(tmpdir(), 'tl-start-'));
    const env = {
      ...process.env,
      ...t.env,
      API_PORT: String(api),
      SITE_PORT: String(site),
      CRON_PORT: String(cron),
      NEON_LOCAL_PORT: String(neon),
      TL_DEV_DIR: devDir,
      START_SKIP: 'data,pipeline,site-build',
      REDIS_URL: '',
    };
    const markers = [devDir, `127.0.0.1:${api}`, `127.0.0.1:${site}`, `127.0.0.1:${cron}`, `--port ${api}`];

    // 1. Ctrl-C: the terminal sends SIGINT to the whole foreground group.
    const first = await startStack(env, api!);
    expect(first.health, first.output()).toMatchObject({ database: 'healthy' });
    expect(first.output()).toContain(`API   http://127.0.0.1:${api}`);
    process.kill(-first.npm.pid!, 'SIGINT');
    await first.exited;
    await gone(markers);
    expect(processesMatching(markers), first.output()).toEqual([]);

    // 2. kill <npm pid>: SIGTERM reaches npm only; the start script notices and stops everything.
    const second = await startStack(env, api!);
    expect(second.health, second.output()).toMatchObject({ database: 'healthy' });
    process.kill(second.npm.pid!, 'SIGTERM');
    await second.exited;
    await gone(markers);
    expect(processesMatching(markers), second.output()).toEqual([]);
    expect(second.output()).toContain('stopped: no process left running');
  }, 180_000);
});
