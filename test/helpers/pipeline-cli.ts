/** Runs the real pipeline CLI (`npm run pipeline -- ...`) against a test database, as a child process. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestDb } from './db';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The CLI runs against the test database only, and without a cache to invalidate.
const { UPSTASH_REDIS_REST_URL: _url, UPSTASH_REDIS_REST_TOKEN: _token, DATABASE_URL: _db, NEON_FETCH_ENDPOINT: _endpoint, ...withoutRedis } = process.env;

/** Resolves with the exit code (null when killed) and the interleaved output; `killWhen` kills it once the output matches. */
export function pipelineCli(t: TestDb, args: string[], o: { killWhen?: RegExp } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/pipeline/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...withoutRedis, ...t.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (o.killWhen?.test(out) && child.exitCode === null) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}
