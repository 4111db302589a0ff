/** Fixed addresses of the shared test services, so workerd tests (configured before setup runs) can reach them. */
export const TEST_NEON_PORT = Number(process.env.TEST_NEON_PORT ?? 4545);
export const TEST_UPSTASH_PORT = Number(process.env.TEST_UPSTASH_PORT ?? 4546);
export const TEST_UPSTASH_TOKEN = 'transferlens-test-token';
export const TEST_NEON_ENDPOINT = `http://127.0.0.1:${TEST_NEON_PORT}/sql`;
export const TEMPLATE_DB = 'tl_test_template';

/** The connection string for a database on the test server (PGlite ignores everything but the name). */
export function databaseUrl(base: string | undefined, name: string) {
  const url = new URL(base ?? 'postgresql://transferlens@localhost/postgres');
  url.pathname = `/${name}`;
  return url.toString();
}
