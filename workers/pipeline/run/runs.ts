/**
 * Bookkeeping of pipeline runs in pipeline_runs: one umbrella row (step 'run') per run plus one row per step.
 * A run is held by one process at a time through a short lease kept in the umbrella row's cursor, so a Cron
 * invocation and a CLI run never work on the same run together, and a killed holder's run is picked up once the
 * lease lapses.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { HORIZONS, type Horizon } from '../../../db/schema';

export type RunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StepRow {
  step: string;
  status: RunStatus;
  cursor: unknown;
  counts: Record<string, number> | null;
  rowsRead: number;
  rowsWritten: number;
  durationMs: number | null;
  error: string | null;
}

export interface Run {
  runId: string;
  runKey: string;
  status: RunStatus;
  asOf: string;
  horizons: Horizon[];
  trigger: string;
}

export const UMBRELLA = 'run';
export const LEASE_SECONDS = 90;

export function runKeyFor(asOf: string, horizons: readonly Horizon[]) {
  const h = horizons.length === HORIZONS.length ? 'all' : `h${horizons.join('-')}`;
  return `daily:${asOf}:${h}`;
}

/** A UUID derived from the run key, so two processes creating the same run collide on (run_id, step). */
export async function runIdFor(runKey: string) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`transferlens-run:${runKey}`)));
  const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type UmbrellaDb = { run_id: string; run_key: string; status: RunStatus; as_of: string; trigger: string; cursor: { horizons?: number[] } | null };

const toRun = (r: UmbrellaDb): Run => ({
  runId: r.run_id,
  runKey: r.run_key,
  status: r.status,
  asOf: r.as_of,
  trigger: r.trigger,
  horizons: (r.cursor?.horizons?.filter((h): h is Horizon => (HORIZONS as readonly number[]).includes(h)) ?? [...HORIZONS]).sort((a, b) => a - b),
});

const umbrellaColumns = sql`run_id, run_key, status, to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS as_of, trigger, cursor`;

/** The newest run with this key, created (pending) when there is none. */
export async function findOrCreateRun(db: Db, o: { asOf: string; horizons: Horizon[]; trigger: string }): Promise<Run> {
  const runKey = runKeyFor(o.asOf, o.horizons);
  const runId = await runIdFor(runKey);
  const { rows } = await db.execute<UmbrellaDb>(sql`
    WITH existing AS (
      SELECT ${umbrellaColumns} FROM pipeline_runs WHERE run_key = ${runKey} AND step = ${UMBRELLA} ORDER BY created_at DESC LIMIT 1
    ), created AS (
      INSERT INTO pipeline_runs (run_id, run_key, step, status, trigger, as_of, cursor)
      SELECT ${runId}::uuid, ${runKey}, ${UMBRELLA}, 'pending', ${o.trigger}, ${`${o.asOf}T00:00:00Z`}::timestamptz,
             ${JSON.stringify({ horizons: o.horizons })}::jsonb
      WHERE NOT EXISTS (SELECT 1 FROM existing)
      ON CONFLICT (run_id, step) DO NOTHING
      RETURNING ${umbrellaColumns}
    )
    SELECT * FROM existing UNION ALL SELECT * FROM created`);
  if (rows[0]) return toRun(rows[0]);
  // Lost a creation race: the other process's row is there now.
  const again = await db.execute<UmbrellaDb>(sql`SELECT ${umbrellaColumns} FROM pipeline_runs WHERE run_id = ${runId}::uuid AND step = ${UMBRELLA}`);
  return toRun(again.rows[0]!);
}

/** Umbrella rows waiting for a worker: queued (pending) or held by a holder whose lease lapsed. Oldest first. */
export async function unfinishedRuns(db: Db, limit = 5): Promise<Run[]> {
  const { rows } = await db.execute<UmbrellaDb>(sql`
    SELECT ${umbrellaColumns} FROM pipeline_runs
    WHERE step = ${UMBRELLA}
      AND (status = 'pending' OR (status = 'running' AND coalesce((cursor->>'leaseUntil')::timestamptz, '-infinity') < now()))
    ORDER BY created_at LIMIT ${limit}`);
  return rows.map(toRun);
}

/**
 * Takes the run for `holder` if it is free: pending, stale-running, or (with retryFailed) failed.
 * Returns false when another live holder has it.
 */
export async function claimRun(db: Db, runId: string, holder: string, retryFailed: boolean): Promise<boolean> {
  const { rows } = await db.execute(sql`
    UPDATE pipeline_runs
    SET status = 'running', error = NULL, started_at = coalesce(started_at, now()), finished_at = NULL,
        cursor = coalesce(cursor, '{}'::jsonb) || jsonb_build_object('holder', ${holder}::text, 'leaseUntil', now() + make_interval(secs => ${LEASE_SECONDS}))
    WHERE run_id = ${runId}::uuid AND step = ${UMBRELLA}
      AND (status = 'pending'
        OR (${retryFailed} AND status = 'failed')
        OR (status = 'running' AND (cursor->>'holder' = ${holder} OR coalesce((cursor->>'leaseUntil')::timestamptz, '-infinity') < now())))
    RETURNING 1`);
  return rows.length === 1;
}

/** Extends the lease (or, with release, ends it so the next invocation can continue at once). False if lost. */
export async function renewLease(db: Db, runId: string, holder: string, release = false): Promise<boolean> {
  const until = release ? sql`now() - interval '1 second'` : sql`now() + make_interval(secs => ${LEASE_SECONDS})`;
  const { rows } = await db.execute(sql`
    UPDATE pipeline_runs SET cursor = cursor || jsonb_build_object('leaseUntil', ${until})
    WHERE run_id = ${runId}::uuid AND step = ${UMBRELLA} AND status = 'running' AND cursor->>'holder' = ${holder}
    RETURNING 1`);
  return rows.length === 1;
}

type StepDb = { step: string; status: RunStatus; cursor: unknown; counts: Record<string, number> | null; rows_read: number; rows_written: number; duration_ms: number | null; error: string | null };

export async function stepRows(db: Db, runId: string): Promise<Map<string, StepRow>> {
  const { rows } = await db.execute<StepDb>(sql`
    SELECT step, status, cursor, counts, rows_read, rows_written, duration_ms, error
    FROM pipeline_runs WHERE run_id = ${runId}::uuid AND step <> ${UMBRELLA}`);
  return new Map(
    rows.map((r) => [
      r.step,
      { step: r.step, status: r.status, cursor: r.cursor, counts: r.counts, rowsRead: Number(r.rows_read), rowsWritten: Number(r.rows_written), durationMs: r.duration_ms === null ? null : Number(r.duration_ms), error: r.error },
    ]),
  );
}

/** Marks a step running (creating its row on first use), keeping any cursor it already has. */
export async function startStep(db: Db, run: Run, step: string, trigger: string) {
  await db.execute(sql`
    INSERT INTO pipeline_runs (run_id, run_key, step, status, trigger, as_of, started_at)
    VALUES (${run.runId}::uuid, ${run.runKey}, ${step}, 'running', ${trigger}, ${`${run.asOf}T00:00:00Z`}::timestamptz, now())
    ON CONFLICT (run_id, step) DO UPDATE SET status = 'running', error = NULL, finished_at = NULL`);
}

export interface ChunkRecord {
  cursor: unknown;
  counts: Record<string, number>;
  rowsRead: number;
  rowsWritten: number;
  ms: number;
  status: 'running' | 'succeeded' | 'skipped';
}

/** Saves one finished chunk of a step: its cursor, the counts so far and the time spent working. */
export async function saveChunk(db: Db, runId: string, step: string, c: ChunkRecord) {
  const finished = c.status === 'running' ? sql`NULL` : sql`now()`;
  await db.execute(sql`
    UPDATE pipeline_runs
    SET cursor = ${JSON.stringify(c.cursor ?? null)}::jsonb, counts = ${JSON.stringify(c.counts)}::jsonb,
        rows_read = ${c.rowsRead}, rows_written = ${c.rowsWritten}, duration_ms = coalesce(duration_ms, 0) + ${Math.round(c.ms)},
        status = ${c.status}, finished_at = ${finished}
    WHERE run_id = ${runId}::uuid AND step = ${step}`);
}

export async function failStep(db: Db, runId: string, step: string, error: string, ms: number) {
  await db.batch([
    db.execute(sql`
      UPDATE pipeline_runs SET status = 'failed', error = ${error}, finished_at = now(), duration_ms = coalesce(duration_ms, 0) + ${Math.round(ms)}
      WHERE run_id = ${runId}::uuid AND step = ${step}`),
    db.execute(sql`
      UPDATE pipeline_runs SET status = 'failed', error = ${`${step}: ${error}`}, finished_at = now(),
             duration_ms = extract(epoch FROM now() - started_at)::int * 1000, cursor = cursor - 'leaseUntil'
      WHERE run_id = ${runId}::uuid AND step = ${UMBRELLA}`),
  ]);
}

/** Closes a run that completed every step, with a summary of the step counts. */
export async function succeedRun(db: Db, runId: string, counts: Record<string, number>, rowsWritten: number) {
  await db.execute(sql`
    UPDATE pipeline_runs SET status = 'succeeded', finished_at = now(), counts = ${JSON.stringify(counts)}::jsonb,
           rows_written = ${rowsWritten}, duration_ms = extract(epoch FROM now() - started_at)::int * 1000,
           cursor = cursor - 'leaseUntil'
    WHERE run_id = ${runId}::uuid AND step = ${UMBRELLA}`);
}

/** Ends whatever lease a run has (CLI --take-over, when its previous holder is known to be dead). */
export async function expireLease(db: Db, runId: string) {
  await db.execute(sql`
    UPDATE pipeline_runs SET cursor = cursor || jsonb_build_object('leaseUntil', now() - interval '1 second')
    WHERE run_id = ${runId}::uuid AND step = ${UMBRELLA} AND status = 'running'`);
}
