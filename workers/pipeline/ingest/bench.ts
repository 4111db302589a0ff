/**
 * `npm run bench:ingest [-- --include-supplement] [--pglite] [--pglite-leagues GB1,ES1,...|all] [--skip-pg]`
 * Loads the full bundled dataset into a fresh local PostgreSQL database through a Neon HTTP endpoint (the path
 * production uses) and prints rows/second per source file and target, the total, and the SQL round trips the
 * endpoint counted. With --pglite it also loads embedded PGlite (in memory; by default the top-5-league subset
 * `npm start` uses there, `--pglite-leagues all` for everything). Figures, not assertions. "rt s" is the round-trip
 * time attributed to each target (fact round trips overlap, two at a time, so they add up to more than the wall time).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '../../../db/client';
import { migrate } from '../../../db/migrations';
import { TOP5_LEAGUES } from '../../../db/seed';
import { startNeonHttpEndpoint } from '../../dev/neon-http-endpoint';
import { ingestReal, type IngestOptions, type IngestSummary } from './ingest';

const BASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function report(title: string, s: IngestSummary, endpointTrips: number, cpu: NodeJS.CpuUsage) {
  const rate = (rows: number, ms: number) => (ms > 0 ? Math.round((rows * 1000) / ms).toLocaleString('en') : '-');
  console.log(`\n${title}\n(load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores: figures on a busy machine are lower)`);
  console.log(`${'source → target'.padEnd(58)} ${'rows'.padStart(9)} ${'rt s'.padStart(8)} ${'rows/s'.padStart(10)}`);
  for (const t of s.targets) {
    console.log(`${`${t.file} → ${t.target}`.padEnd(58)} ${String(t.rows).padStart(9)} ${(t.writeMs / 1000).toFixed(1).padStart(8)} ${rate(t.rows, t.writeMs).padStart(10)}`);
  }
  const { validateMs, planMs, writeMs } = s.timings;
  console.log(
    `total: ${s.totals.rows.toLocaleString('en')} rows in ${(s.durationMs / 1000).toFixed(1)}s = ${rate(s.totals.rows, s.durationMs)} rows/s ` +
      `(validate ${(validateMs / 1000).toFixed(1)}s, map ${(planMs / 1000).toFixed(1)}s, write ${(writeMs / 1000).toFixed(1)}s = ${rate(s.totals.rows, writeMs)} rows/s); ` +
      `SQL round trips: ${endpointTrips} (endpoint /_dev/stats)`,
  );
  // The CPU this process used (ingest code, driver and, for PGlite, the database itself): the part the load average does not inflate.
  console.log(`this process's CPU time: ${((cpu.user + cpu.system) / 1e6).toFixed(1)}s`);
}

async function benchPostgres(opts: IngestOptions) {
  const name = `tl_bench_ingest_${process.pid}`;
  const adminUrl = new URL(BASE_URL);
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const endpoint = await startNeonHttpEndpoint({ mode: 'pg' });
  try {
    const url = new URL(BASE_URL);
    url.pathname = `/${name}`;
    const db = createDb({ DATABASE_URL: url.toString(), NEON_FETCH_ENDPOINT: endpoint.url });
    await migrate(db);
    const before = endpoint.stats.get(name) ?? 0;
    const cpu = process.cpuUsage();
    const summary = await ingestReal(db, opts);
    report(`PostgreSQL (${adminUrl.host}) via the Neon HTTP endpoint, fresh database, full dataset${opts.includeSupplement ? ' + supplement' : ''}`, summary, (endpoint.stats.get(name) ?? 0) - before, process.cpuUsage(cpu));
    const again = await ingestReal(db, opts);
    console.log(`second run: ${again.totals.inserted} rows inserted, ${again.totals.alreadyPresent} already present, ${(again.durationMs / 1000).toFixed(1)}s`);
  } finally {
    await endpoint.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

async function benchPglite(opts: IngestOptions) {
  const endpoint = await startNeonHttpEndpoint({ mode: 'pglite' });
  try {
    const db = createDb({ DATABASE_URL: 'postgresql://bench@localhost/bench', NEON_FETCH_ENDPOINT: endpoint.url });
    await migrate(db);
    const before = endpoint.stats.get('bench') ?? 0;
    const cpu = process.cpuUsage();
    const summary = await ingestReal(db, opts);
    const subset = opts.leagues ? `leagues ${opts.leagues.join(',')}` : 'full dataset';
    report(`embedded PGlite (in memory) via the Neon HTTP endpoint, ${subset}`, summary, (endpoint.stats.get('bench') ?? 0) - before, process.cpuUsage(cpu));
  } finally {
    await endpoint.close();
  }
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'include-supplement': { type: 'boolean', default: false },
    pglite: { type: 'boolean', default: false },
    'pglite-leagues': { type: 'string' },
    'skip-pg': { type: 'boolean', default: false },
  },
});
const includeSupplement = values['include-supplement'];
if (!values['skip-pg']) await benchPostgres({ includeSupplement });
if (values.pglite) {
  const given = values['pglite-leagues'];
  await benchPglite({ includeSupplement, leagues: given === 'all' ? undefined : (given?.split(',') ?? [...TOP5_LEAGUES]) });
}
