/**
 * `npm run preflight:local`: the production checklist against the local stack, for CI. It starts `npm start` with
 * production-like settings (ENVIRONMENT=production, a 48-character admin key, exact https CORS origins and public
 * URLs) on free ports, waits until the stack is up and its first pipeline run has finished, runs `npm run preflight`
 * against it (--api-url/--site-url pointing at the local Workers), stops the stack and exits with preflight's code.
 * Uses the same database as `npm start` (PGlite in .data/, or DATABASE_URL).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PGLITE_DATABASE_URL } from '../../db/node';
import { freePorts } from '../dev/ports';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function main() {
  const [api, site, cron, neon, upstash] = await freePorts(5);
  const production = {
    ENVIRONMENT: 'production',
    ADMIN_API_KEY: process.env.ADMIN_API_KEY || randomBytes(36).toString('base64url'),
    CORS_ORIGINS: 'https://transferlens.example,https://www.transferlens.example',
    PUBLIC_SITE_URL: 'https://transferlens.example',
    PUBLIC_API_URL: 'https://api.transferlens.example',
  };
  const stackEnv = {
    ...process.env,
    ...production,
    API_PORT: String(api),
    SITE_PORT: String(site),
    CRON_PORT: String(cron),
    NEON_LOCAL_PORT: String(neon),
    UPSTASH_LOCAL_PORT: String(upstash),
  };
  const stack = spawn(process.execPath, ['--import', 'tsx', 'workers/dev/start.ts'], { cwd: ROOT, env: stackEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const onData = (d: Buffer) => {
    out += d;
    process.stdout.write(d);
  };
  stack.stdout.on('data', onData);
  stack.stderr.on('data', onData);
  const stackExited = new Promise<void>((r) => stack.once('exit', () => r()));
  const stop = async () => {
    try {
      process.kill(-stack.pid!, 'SIGINT');
    } catch {
      return;
    }
    await Promise.race([stackExited, new Promise((r) => setTimeout(r, 20_000))]);
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));

  // Ready, and the first pipeline run (if it had to run) finished one way or the other.
  const deadline = Date.now() + 15 * 60_000;
  const ready = () => out.includes('TransferLens is running') && (!out.includes('first daily pipeline run (') || /first daily pipeline run \(.*\): done|daily:run failed/.test(out));
  while (!ready() && !/npm start failed/.test(out) && stack.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  if (!ready()) {
    process.stderr.write('\npreflight:local: the local stack did not come up; see its output above\n');
    await stop();
    return 1;
  }

  const preflightEnv = {
    ...process.env,
    ...production,
    DATABASE_URL: process.env.DATABASE_URL || PGLITE_DATABASE_URL,
    NEON_FETCH_ENDPOINT: process.env.NEON_FETCH_ENDPOINT || `http://127.0.0.1:${neon}/sql`,
  };
  process.stdout.write('\n── preflight against the local stack (production settings) ──\n');
  const code = await new Promise<number | null>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'workers/ops/preflight.ts', '--api-url', `http://127.0.0.1:${api}`, '--site-url', `http://127.0.0.1:${site}`], {
      cwd: ROOT,
      env: preflightEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    p.once('exit', (c) => resolve(c));
  });
  await stop();
  return code ?? 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`preflight:local: ${(e as Error).stack ?? e}`);
    process.exit(2);
  },
);
