import { createServer } from 'node:net';
import { defineConfig } from 'vitest/config';

/** A free port for this run's Neon-HTTP endpoint, so several runs (and workerd tests) never collide. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export default defineConfig(async () => {
  process.env.TEST_NEON_PORT ??= String(await freePort());
  process.env.TEST_UPSTASH_PORT ??= String(await freePort());
  return {
    test: {
      globalSetup: ['./test/global-setup.ts'],
      include: ['{workers,db,test}/**/*.test.ts', 'site/src/**/*.test.ts'],
      exclude: ['**/node_modules/**', '**/*.workerd.test.ts', 'test/browser/**'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      pool: 'forks',
    },
  };
});
