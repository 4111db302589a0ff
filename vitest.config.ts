import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    include: ['{workers,db,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.workerd.test.ts', 'test/browser/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
