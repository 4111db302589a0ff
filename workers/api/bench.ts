/**
 * npm run bench:api — the API Worker under bounded load, in workerd (wrangler dev), against a local PostgreSQL
 * with the real dataset and a pipeline run's snapshots. Prints per endpoint: requests per second, p50 and p99
 * latency, and SQL round trips per request (counted by the local Neon-HTTP endpoint). Loopback only.
 *
 *   BENCH_DATABASE_URL  database to read (default postgresql://postgres@127.0.0.1:5432/tl_api_bench; created,
 *                       migrated and filled with `ingest:real` + `daily:run` when it has no players yet)
 *   BENCH_REQUESTS      requests per endpoint (default 200), BENCH_CONCURRENCY (default 8)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createDb } from '../../db/client';
import { migrate } from '../../db/migrations';
import { startNeonHttpEndpoint } from '../dev/neon-http-endpoint';
import { ProcessGroups } from '../dev/processes';
import { freePort } from '../dev/ports';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tl_api_bench';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function ensureDatabase() {
  const url = new URL(DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${name.replace(/[^a-z0-9_]/g, '')}`);
  } finally {
    await admin.end();
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Row {
  endpoint: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  roundTrips: number;
  statuses: string;
}

async function main() {
  await ensureDatabase();
  const neon = await startNeonHttpEndpoint({ mode: 'pg', port: await freePort() });
  const dbName = new URL(DATABASE_URL).pathname.slice(1);
  const roundTrips = () => neon.stats.get(dbName) ?? 0;
  const db = createDb({ DATABASE_URL, NEON_FETCH_ENDPOINT: neon.url });
  const procs = new ProcessGroups();
  const persist = mkdtempSync(join(tmpdir(), 'tl-bench-api-'));
  const childEnv = { ...process.env, DATABASE_URL, NEON_FETCH_ENDPOINT: neon.url, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
  try {
    console.log(`database: ${DATABASE_URL}`);
    await migrate(db);
    const count = async (table: string) => Number((await db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)}`)).rows[0]!.n);
    if ((await count('players')) === 0) {
      console.log('empty database: loading the real dataset and running the daily pipeline once (a few minutes, once)');
      for (const args of [['ingest:real'], ['daily:run']]) {
        const code = await procs.run(args[0]!, 'node_modules/.bin/tsx', ['workers/pipeline/cli.ts', ...args], { env: childEnv });
        if (code !== 0) throw new Error(`${args.join(' ')} failed (${code})`);
      }
    }
    // The state production reaches after autovacuum: bulk loads leave planner statistics stale and GIN pending lists
    // unmerged (the trigram search indexes then look too expensive to the planner).
    await db.execute(sql`VACUUM ANALYZE`);
    console.log(`data: ${await count('players')} players, ${await count('transfer_events')} transfers, ${await count('signal_events')} signals, ${await count('prediction_snapshots')} snapshots`);

    const sample = (await db.execute<{ player: string; club: string; competition: string; version: string | null }>(sql`
      SELECT p.slug AS player, c.slug AS club, c.competition_id::text AS competition,
             (SELECT model_version FROM model_versions ORDER BY created_at DESC LIMIT 1) AS version
        FROM prediction_snapshots s JOIN players p ON p.id = s.player_id JOIN clubs c ON c.id = s.from_club_id
       WHERE s.to_club_id IS NULL AND c.competition_id IS NOT NULL ORDER BY s.probability DESC LIMIT 1`)).rows[0];
    if (!sample) throw new Error('no prediction snapshots in the bench database: run the pipeline first');

    const port = await freePort();
    const vars = { DATABASE_URL, NEON_FETCH_ENDPOINT: neon.url, RATE_LIMIT_REQUESTS: '1000000000', LOG_LEVEL: 'error', API_CACHE_SECONDS: '60', ADMIN_API_KEY: '' };
    procs.spawn('api', 'node_modules/.bin/wrangler', [
      'dev', '--config', 'wrangler.toml', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()),
      '--persist-to', persist, '--show-interactive-dev-session=false', '--log-level', 'warn',
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ], { env: childEnv, prefixed: true, quiet: /^(?!.*(error|✘)).*/i });
    const base = `http://127.0.0.1:${port}`;
    const up = () => fetch(`${base}/live`).then((r) => r.ok, () => false);
    for (let i = 0; !(await up()); i++) {
      if (i > 300) throw new Error('wrangler dev did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }

    // Cache misses: a unique extra parameter per request defeats the edge cache (the API ignores unknown ones).
    const miss = (path: string) => (i: number) => `${path}${path.includes('?') ? '&' : '?'}_bench=${i}`;
    const hit = (path: string) => () => path;
    const targets: [string, (i: number) => string][] = [
      ['GET /health', hit('/health')],
      ['GET /api/v1/search?q=haaland', miss('/api/v1/search?q=haaland')],
      ['GET /api/v1/players/{slug}', miss(`/api/v1/players/${sample.player}`)],
      ['GET /api/v1/players/{slug}?as_of=2024-06-01', miss(`/api/v1/players/${sample.player}?as_of=2024-06-01`)],
      ['GET /api/v1/players/{slug}/signals', miss(`/api/v1/players/${sample.player}/signals`)],
      ['GET /api/v1/players/{slug}/predictions', miss(`/api/v1/players/${sample.player}/predictions`)],
      ['GET /api/v1/clubs/{slug}', miss(`/api/v1/clubs/${sample.club}`)],
      ['GET /api/v1/market/latest', miss('/api/v1/market/latest')],
      ['GET /api/v1/market/latest?horizon_days=90&competition_id=…', miss(`/api/v1/market/latest?horizon_days=90&competition_id=${sample.competition}`)],
      ['GET /api/v1/market/latest?as_of=2024-12-01&min_probability=0.2', miss('/api/v1/market/latest?as_of=2024-12-01&min_probability=0.2')],
      ['GET /api/v1/market/movers?window_days=30', miss('/api/v1/market/movers?window_days=30')],
      ['GET /api/v1/transfers', miss('/api/v1/transfers')],
      ['GET /api/v1/models', miss('/api/v1/models')],
      ...(sample.version ? ([['GET /api/v1/models/{version}', miss(`/api/v1/models/${sample.version}`)]] as [string, (i: number) => string][]) : []),
      ['GET /api/v1/track-record', miss('/api/v1/track-record')],
      ['GET /api/v1/market/latest (edge cache hit)', hit('/api/v1/market/latest')],
      ['GET /api/v1/players/{slug} (edge cache hit)', hit(`/api/v1/players/${sample.player}`)],
    ];

    const rows: Row[] = [];
    for (const [endpoint, url] of targets) {
      await fetch(base + url(-1)).then((r) => r.arrayBuffer()); // warm up (and fill the cache for the hit rows)
      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      const before = roundTrips();
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < REQUESTS) {
            const i = next++;
            const t = performance.now();
            const res = await fetch(base + url(i));
            await res.arrayBuffer();
            latencies.push(performance.now() - t);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      rows.push({
        endpoint,
        reqPerSec: REQUESTS / seconds,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        roundTrips: (roundTrips() - before) / REQUESTS,
        statuses: [...statuses].map(([s, n]) => `${s}×${n}`).join(' '),
      });
    }

    const w = Math.max(...rows.map((r) => r.endpoint.length));
    console.log(`\n${REQUESTS} requests per endpoint, ${CONCURRENCY} concurrent, API in workerd (wrangler dev), PostgreSQL via the Neon-HTTP endpoint\n`);
    console.log(`${'endpoint'.padEnd(w)}  ${'req/s'.padStart(7)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'SQL trips/req'.padStart(13)}  statuses`);
    for (const r of rows) {
      console.log(`${r.endpoint.padEnd(w)}  ${r.reqPerSec.toFixed(0).padStart(7)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p99.toFixed(1).padStart(7)}  ${r.roundTrips.toFixed(2).padStart(13)}  ${r.statuses}`);
    }
  } finally {
    await procs.stopAll();
    await neon.close();
    rmSync(persist, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
