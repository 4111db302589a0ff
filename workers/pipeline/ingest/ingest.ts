/**
 * `ingestReal(db, opts)`: loads a Transfermarkt dataset directory into the four-layer schema.
 *  1. read and validate every file (nothing is written if any file fails);
 *  2. map to rows with deterministic keys (plan.ts);
 *  3. insert set-based, ON CONFLICT DO NOTHING, a few large statements per round trip.
 * The run is recorded in pipeline_runs: 'running' first, 'succeeded' only after the last statement, so an
 * interrupted load never looks complete, and the next run fills in whatever is missing.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { playerUuid } from '../../../db/ids';
import { REAL_DATASET_DIR } from '../../../db/seed';
import { progress as progressBar, type Progress } from '../../shared/progress';
import { chunk, insertStatement, packBatches, pgArray, retryTransport, runBatch, type Cell, type InsertSpec, type Statement } from './bulk';
import { FILES, readDataset } from './dataset';
import { assignSlugs, slugify } from './names';
import { planIngest, type Load, type PlanOptions, type Target } from './plan';

export interface IngestOptions extends PlanOptions {
  /** Dataset directory; the bundled real dataset by default. */
  dir?: string;
  /** Attach to an existing pipeline run (e.g. the `npm start` umbrella run). */
  runId?: string;
  runKey?: string;
  trigger?: string;
  /** Rows per INSERT statement, bytes and statements per round trip. */
  chunkRows?: number;
  maxBatchBytes?: number;
  maxBatchStatements?: number;
  /** Round trips in flight at once while loading the facts (after the reference tables). Default 2. */
  concurrency?: number;
  /** Draw progress bars on this stream (stderr in the CLI); silent when unset. */
  progress?: NodeJS.WriteStream;
}

export interface TargetSummary {
  file: string;
  target: Target;
  /** Rows produced for this target (after skips). */
  rows: number;
  inserted: number;
  /** Rows whose key was already in the database (a re-run, or an overlapping dataset). */
  alreadyPresent: number;
  /** Write time attributed to this target: each round trip's time shared by its statements' row counts. */
  writeMs: number;
}

export interface IngestSummary {
  runId: string;
  dir: string;
  snapshotDate: string;
  files: { file: string; read: number; skipped: Record<string, number> }[];
  targets: TargetSummary[];
  totals: { read: number; rows: number; inserted: number; alreadyPresent: number; skipped: number };
  /** HTTP round trips this ingest made (including bookkeeping). */
  roundTrips: number;
  durationMs: number;
  /** Reading + validating the files, mapping to rows (incl. building statements), writing. */
  timings: { validateMs: number; planMs: number; writeMs: number };
}

const SOURCE = `'transfermarkt'`;
const utc = (col: string) => `(${col}::timestamp AT TIME ZONE 'UTC')`;

/** Insert specs per target; the column order matches the cells plan.ts produces. */
const SPECS: Record<Target, InsertSpec> = {
  competitions: {
    table: 'competitions',
    input: [['id', 'uuid'], ['name', 'text'], ['short_name', 'text'], ['country', 'text'], ['competition_type', 'text'], ['tier', 'int4'], ['is_top5', 'bool'], ['transfermarkt_id', 'text']],
    target: ['id', 'name', 'short_name', 'country', 'competition_type', 'tier', 'is_top5', 'transfermarkt_id'],
    select: ['u.id', 'u.name', 'u.short_name', 'u.country', 'u.competition_type', 'u.tier', 'u.is_top5', 'u.transfermarkt_id'],
    onConflict: '(transfermarkt_id) DO NOTHING',
  },
  seasons: {
    table: 'seasons',
    input: [['id', 'uuid'], ['competition_id', 'uuid'], ['name', 'text'], ['start_date', 'date'], ['end_date', 'date']],
    target: ['id', 'competition_id', 'name', 'start_date', 'end_date'],
    select: ['u.id', 'u.competition_id', 'u.name', 'u.start_date', 'u.end_date'],
    onConflict: '(competition_id, name) DO NOTHING',
  },
  clubs: {
    table: 'clubs',
    input: [
      ['id', 'uuid'], ['name', 'text'], ['search_name', 'text'], ['country', 'text'], ['competition_id', 'uuid'], ['stadium', 'text'],
      ['stadium_capacity', 'int4'], ['squad_size', 'int4'], ['average_age', 'text'], ['transfermarkt_id', 'text'], ['is_status_pseudo', 'bool'],
      ['is_youth_or_reserve', 'bool'], ['is_active', 'bool'], ['slug', 'text'],
    ],
    target: ['id', 'name', 'search_name', 'country', 'competition_id', 'stadium', 'stadium_capacity', 'squad_size', 'average_age', 'transfermarkt_id', 'is_status_pseudo', 'is_youth_or_reserve', 'is_active', 'slug'],
    select: ['u.id', 'u.name', 'u.search_name', 'u.country', 'u.competition_id', 'u.stadium', 'u.stadium_capacity', 'u.squad_size', 'u.average_age', 'u.transfermarkt_id', 'u.is_status_pseudo', 'u.is_youth_or_reserve', 'u.is_active', 'u.slug'],
    onConflict: '(transfermarkt_id) DO NOTHING',
  },
  players: {
    table: 'players',
    input: [
      ['id', 'uuid'], ['transfermarkt_id', 'text'], ['slug', 'text'], ['name', 'text'], ['full_name', 'text'], ['search_name', 'text'], ['date_of_birth', 'date'],
      ['nationality', 'text'], ['country_of_birth', 'text'], ['position', 'text'], ['position_group', 'text'], ['sub_position', 'text'], ['foot', 'text'],
      ['height_cm', 'int4'], ['is_active', 'bool'],
    ],
    target: ['id', 'transfermarkt_id', 'slug', 'name', 'full_name', 'search_name', 'date_of_birth', 'nationality', 'country_of_birth', 'position', 'position_group', 'sub_position', 'foot', 'height_cm', 'is_active'],
    select: ['u.id', 'u.transfermarkt_id', 'u.slug', 'u.name', 'u.full_name', 'u.search_name', 'u.date_of_birth', 'u.nationality', 'u.country_of_birth', 'u.position', 'u.position_group', 'u.sub_position', 'u.foot', 'u.height_cm', 'u.is_active'],
    onConflict: '(transfermarkt_id) DO NOTHING',
  },
  transfer_events: {
    table: 'transfer_events',
    input: [
      ['event_id', 'text'], ['player_id', 'uuid'], ['from_club_id', 'uuid'], ['to_club_id', 'uuid'], ['transfer_type', 'text'], ['transfer_date', 'date'],
      ['season', 'text'], ['fee', 'float8'], ['fee_type', 'text'], ['market_value', 'float8'], ['loan_end_date', 'date'], ['metadata', 'text'],
    ],
    target: ['event_id', 'player_id', 'from_club_id', 'to_club_id', 'transfer_type', 'transfer_date', 'season', 'fee_amount_eur', 'fee_type', 'market_value_eur', 'loan_end_date', 'metadata', 'source', 'created_by'],
    select: ['u.event_id', 'u.player_id', 'u.from_club_id', 'u.to_club_id', 'u.transfer_type::transfer_type', 'u.transfer_date', 'u.season', 'u.fee', 'u.fee_type::fee_type', 'u.market_value', 'u.loan_end_date', 'u.metadata::jsonb', SOURCE, `'ingest:real'`],
    onConflict: '(event_id) DO NOTHING',
  },
  market_value: {
    table: 'signal_events',
    input: [['signal_id', 'text'], ['player_id', 'uuid'], ['value', 'float8'], ['d', 'date'], ['club', 'int4']],
    target: ['signal_id', 'entity_type', 'player_id', 'signal_type', 'value_num', 'source', 'observed_at', 'effective_from', 'metadata'],
    select: [
      'u.signal_id', `'player'`, 'u.player_id', `'market_value'`, 'u.value', SOURCE, utc('u.d'), utc('u.d'),
      `CASE WHEN u.club IS NULL THEN NULL ELSE jsonb_build_object('club_transfermarkt_id', u.club) END`,
    ],
    onConflict: '(signal_id) DO NOTHING',
  },
  season_appearances: {
    table: 'signal_events',
    input: [
      ['signal_id', 'text'], ['player_id', 'uuid'], ['year', 'int4'], ['games', 'int4'], ['minutes', 'int4'], ['goals', 'int4'], ['assists', 'int4'],
      ['yellow', 'int4'], ['red', 'int4'], ['d', 'date'], ['partial', 'bool'],
    ],
    target: ['signal_id', 'entity_type', 'player_id', 'signal_type', 'value_num', 'value_json', 'source', 'observed_at', 'effective_from', 'metadata'],
    select: [
      'u.signal_id', `'player'`, 'u.player_id', `'season_appearances'`, 'u.minutes',
      `jsonb_build_object('year', u.year, 'games', u.games, 'minutes', u.minutes, 'goals', u.goals, 'assists', u.assists, 'yellow', u.yellow, 'red', u.red)`,
      SOURCE, utc('u.d'), utc('u.d'), `CASE WHEN u.partial THEN '{"partial_year": true}'::jsonb END`,
    ],
    onConflict: '(signal_id) DO NOTHING',
  },
  snapshot_facts: {
    table: 'signal_events',
    input: [['signal_id', 'text'], ['entity_type', 'text'], ['player_id', 'uuid'], ['club_id', 'uuid'], ['signal_type', 'text'], ['value_text', 'text'], ['d', 'date'], ['metadata', 'text']],
    target: ['signal_id', 'entity_type', 'player_id', 'club_id', 'signal_type', 'value_text', 'source', 'observed_at', 'effective_from', 'metadata'],
    select: ['u.signal_id', 'u.entity_type::entity_type', 'u.player_id', 'u.club_id', 'u.signal_type::signal_type', 'u.value_text', SOURCE, utc('u.d'), utc('u.d'), 'u.metadata::jsonb'],
    onConflict: '(signal_id) DO NOTHING',
  },
};

/** Tables the facts reference; loaded first. */
const REFERENCE_TARGETS = new Set<Target>(['competitions', 'seasons', 'clubs', 'players']);
/** FK order: referenced tables first. */
const TARGET_ORDER: Target[] = ['competitions', 'seasons', 'clubs', 'players', 'transfer_events', 'market_value', 'season_appearances', 'snapshot_facts'];

/** The parsed files become unreachable once mapped: only the rows to insert stay in memory while writing. */
function readAndPlan(dir: string, opts: PlanOptions) {
  const dataset = readDataset(dir, { includeSupplement: opts.includeSupplement });
  const validated = Date.now();
  return { plan: planIngest(dataset, opts), validated };
}

export async function ingestReal(db: Db, opts: IngestOptions = {}): Promise<IngestSummary> {
  const started = Date.now();
  const dir = opts.dir ?? REAL_DATASET_DIR;
  const { plan, validated } = readAndPlan(dir, opts);
  let roundTrips = 0;

  // Slugs already taken in the database keep their owner (one round trip).
  const clubBases = [...new Set(plan.clubs.map((c) => slugify(c.slug.name)))];
  const playerBases = [...new Set(plan.players.map((p) => slugify(p.slug.name)))];
  const taken = await retryTransport(() =>
    db.execute<{ kind: string; slug: string; tm: string }>(sql`SELECT 'club' AS kind, slug, transfermarkt_id AS tm FROM clubs WHERE slug = ANY(${pgArray(clubBases)}::text[])
        UNION ALL SELECT 'player', slug, transfermarkt_id FROM players WHERE slug = ANY(${pgArray(playerBases)}::text[])`),
  );
  roundTrips++;
  const takenBy = (kind: string) => new Map(taken.rows.filter((r) => r.kind === kind).map((r) => [r.slug, r.tm]));
  const clubSlugs = assignSlugs(plan.clubs.map((c) => c.slug), takenBy('club'));
  const playerSlugs = assignSlugs(plan.players.map((p) => p.slug), takenBy('player'));
  const loads: Load[] = [
    ...plan.loads,
    { file: FILES.clubs, target: 'clubs' as const, rows: plan.clubs.map((c) => [...c.cells, clubSlugs.get(c.slug.key)!]) },
    {
      file: FILES.players,
      target: 'players' as const,
      rows: plan.players.map((p) => {
        const [name, fullName, search, ...rest] = p.cells;
        return [playerUuid(p.tmId), String(p.tmId), playerSlugs.get(p.slug.key)!, name!, fullName ?? null, search!, ...rest] as Cell[];
      }),
    },
  ].sort((a, b) => TARGET_ORDER.indexOf(a.target) - TARGET_ORDER.indexOf(b.target));

  // Reference rows first, in FK order, one round trip at a time; then the facts (ledger and signals), which only
  // reference them, `concurrency` round trips at a time so PostgreSQL can use more than one core.
  const chunkRows = opts.chunkRows ?? 25_000;
  const limits = { maxBytes: opts.maxBatchBytes ?? 24 * 1024 * 1024, maxStatements: opts.maxBatchStatements ?? 8 };
  const phase = (reference: boolean) =>
    packBatches(
      loads.flatMap((load, i) =>
        REFERENCE_TARGETS.has(load.target) === reference ? chunk(load.rows, chunkRows).map((rows) => insertStatement(SPECS[load.target], rows, String(i))) : [],
      ),
      limits,
    );
  const referenceBatches = phase(true);
  const factBatches = phase(false);

  const planned = Date.now();
  const runId = opts.runId ?? randomUUID();
  await retryTransport(() => db.execute(sql`INSERT INTO pipeline_runs (run_id, run_key, step, status, trigger, as_of, cursor, started_at)
    VALUES (${runId}, ${opts.runKey ?? `ingest:real:${plan.snapshotDate}`}, 'ingest:real', 'running', ${opts.trigger ?? 'cli'},
            ${`${plan.snapshotDate}T00:00:00Z`}, ${JSON.stringify({ dir, leagues: opts.leagues ?? null, includeSupplement: Boolean(opts.includeSupplement) })}::jsonb, now())
    ON CONFLICT (run_id, step) DO UPDATE SET status = 'running', started_at = now(), finished_at = NULL, error = NULL`));
  roundTrips++;

  const targets: TargetSummary[] = loads.map((l) => ({ file: l.file, target: l.target, rows: l.rows.length, inserted: 0, alreadyPresent: 0, writeMs: 0 }));
  const bars = new Map<number, Progress>();
  const send = async (batch: Statement[]) => {
    for (const st of batch) {
      const i = Number(st.label);
      if (!bars.has(i) && opts.progress) bars.set(i, progressBar(`${loads[i]!.file.replace(/^.*\//, '')} → ${loads[i]!.target}`, loads[i]!.rows.length, opts.progress));
    }
    const sent = Date.now();
    const results = await runBatch(db, batch);
    roundTrips++;
    const ms = Date.now() - sent;
    const batchRows = batch.reduce((n, st) => n + st.rows, 0);
    for (const r of results) {
      const i = Number(r.label);
      const t = targets[i]!;
      t.inserted += r.inserted;
      t.alreadyPresent += r.rows - r.inserted;
      t.writeMs += (ms * r.rows) / batchRows;
      bars.get(i)?.tick(r.rows);
    }
  };
  try {
    for (const batch of referenceBatches) await send(batch);
    const queue = factBatches.slice();
    const worker = async () => {
      try {
        for (let batch = queue.shift(); batch; batch = queue.shift()) await send(batch);
      } catch (e) {
        queue.length = 0; // the other workers stop after their current round trip
        throw e;
      }
    };
    const settled = await Promise.allSettled(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const [i, l] of loads.entries()) {
      if (l.rows.length) bars.get(i)?.done();
      else if (opts.progress) progressBar(`${l.file.replace(/^.*\//, '')} → ${l.target}`, 0, opts.progress).done('nothing to load');
    }
  } catch (e) {
    await db
      .execute(sql`UPDATE pipeline_runs SET status = 'failed', finished_at = now(), error = ${String((e as Error).message).slice(0, 2000)},
                   duration_ms = ${Date.now() - started} WHERE run_id = ${runId} AND step = 'ingest:real'`)
      .catch(() => undefined);
    throw e;
  }

  const skipped = plan.stats.reduce((n, f) => n + Object.values(f.skipped).reduce((a, b) => a + b, 0), 0);
  const totals = {
    read: plan.stats.reduce((n, f) => n + f.read, 0),
    rows: targets.reduce((n, t) => n + t.rows, 0),
    inserted: targets.reduce((n, t) => n + t.inserted, 0),
    alreadyPresent: targets.reduce((n, t) => n + t.alreadyPresent, 0),
    skipped,
  };
  const durationMs = Date.now() - started;
  roundTrips++;
  const timings = { validateMs: validated - started, planMs: planned - validated, writeMs: Date.now() - planned };
  const summary: IngestSummary = { runId, dir, snapshotDate: plan.snapshotDate, files: plan.stats, targets, totals, roundTrips, durationMs, timings };
  await retryTransport(() => db.execute(sql`UPDATE pipeline_runs SET status = 'succeeded', finished_at = now(), duration_ms = ${durationMs},
    rows_read = ${totals.read}, rows_written = ${totals.inserted},
    counts = ${JSON.stringify({ targets: Object.fromEntries(targets.map((t) => [`${t.file}:${t.target}`, { rows: t.rows, inserted: t.inserted, alreadyPresent: t.alreadyPresent }])), files: plan.stats })}::jsonb
    WHERE run_id = ${runId} AND step = 'ingest:real'`));
  return summary;
}

/** A readable closing summary for the CLI. */
export function formatSummary(s: IngestSummary): string {
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const lines = [
    `ingest:real ${s.dir} (snapshot ${s.snapshotDate}) in ${sec(s.durationMs)} (validate ${sec(s.timings.validateMs)}, map ${sec(s.timings.planMs)}, write ${sec(s.timings.writeMs)}), ${s.roundTrips} round trips`,
  ];
  lines.push(`${'source → target'.padEnd(58)} ${'rows'.padStart(8)} ${'inserted'.padStart(9)} ${'present'.padStart(8)}`);
  for (const t of s.targets) {
    lines.push(`${`${t.file} → ${t.target}`.padEnd(58)} ${String(t.rows).padStart(8)} ${String(t.inserted).padStart(9)} ${String(t.alreadyPresent).padStart(8)}`);
  }
  lines.push(`read ${s.totals.read} rows; inserted ${s.totals.inserted}; already present ${s.totals.alreadyPresent}; skipped ${s.totals.skipped}`);
  for (const f of s.files) for (const [reason, n] of Object.entries(f.skipped)) if (n) lines.push(`  skipped ${n} from ${f.file}: ${reason}`);
  return lines.join('\n');
}
