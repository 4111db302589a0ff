// Browser tests: `npx vitest run --config test/browser/vitest.config.ts`. They start their own local stack
// (see stack.ts), or use SITE_URL + API_URL when both are set.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../', import.meta.url)),
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
