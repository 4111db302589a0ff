import { freePort } from './workers/dev/ports';
import { defineConfig } from 'vitest/config';

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
