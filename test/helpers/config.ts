/** Fixed addresses of the shared test services, so workerd tests (configured before setup runs) can reach them. */
// vitest.config.ts picks free ports for each run and exports them before anything else starts.
export const TEST_NEON_PORT = Number(process.env.TEST_NEON_PORT ?? 4545);
export const TEST_UPSTASH_PORT = Number(process.env.TEST_UPSTASH_PORT ?? 4546);
export const TEST_UPSTASH_TOKEN = 'transferlens-test-token';
export const TEST_NEON_ENDPOINT = `http://127.0.0.1:${TEST_NEON_PORT}/sql`;
export const TEMPLATE_DB = `tl_tpl_${TEST_NEON_PORT}`;

/** The connection string for a database on the test server (PGlite ignores everything but the name). */
export function databaseUrl(base: string | undefined, name: string) {
  const url = new URL(base ?? 'postgresql://transferlens@localhost/postgres');
  url.pathname = `/${name}`;
  return url.toString();
}
