/**
 * Admin writes and reads: appending to the ledger, the one correction path (supersede), appending signals,
 * starting pipeline runs and listing them. Writes are single statements or one db.batch (one transaction).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { dataCorrections, signalEvents, transferEvents } from '../schema';
import { iso, ts } from './sql';

export type TransferInsert = typeof transferEvents.$inferInsert;
export type TransferEvent = typeof transferEvents.$inferSelect;

/** Inserts a ledger row; undefined when a row with the same event_id exists (the ledger is append-only). */
export async function appendTransfer(db: Db, row: TransferInsert): Promise<TransferEvent | undefined> {
  const [inserted] = await db.insert(transferEvents).values(row).onConflictDoNothing({ target: transferEvents.eventId }).returning();
  return inserted;
}

export async function findTransfer(db: Db, eventId: string): Promise<TransferEvent | undefined> {
  const [row] = await db.select().from(transferEvents).where(eq(transferEvents.eventId, eventId));
  return row;
}

/**
 * Replaces a ledger row by a corrected one in ONE transaction: insert the correction, mark the old row superseded
 * (the database trigger allows exactly this change, once), and record the correction in data_corrections.
 */
export async function supersedeTransfer(db: Db, old: TransferEvent, corrected: TransferInsert & { id: string }, reason: string, by: string) {
  const [[inserted], [marked]] = await db.batch([
    db.insert(transferEvents).values(corrected).returning(),
    db
      .update(transferEvents)
      .set({ isSuperseded: true, supersededBy: corrected.id, supersededAt: sql`now()`, supersededReason: reason })
      .where(eq(transferEvents.id, old.id))
      .returning(),
    db.insert(dataCorrections).values({
      tableName: 'transfer_events',
      recordId: old.id,
      correctionType: 'supersede',
      oldValue: old,
      newValue: corrected,
      newRecordId: corrected.id,
      reason,
      correctedBy: by,
    }),
  ]);
  return { inserted: inserted!, superseded: marked! };
}

export type SignalInsert = typeof signalEvents.$inferInsert;

/** Appends signals; rows whose signal_id already exists are skipped (idempotent retries). */
export async function appendSignals(db: Db, rows: SignalInsert[]) {
  return db.insert(signalEvents).values(rows).onConflictDoNothing({ target: signalEvents.signalId }).returning();
}

export interface PipelineRunRow {
  run_id: string;
  run_key: string;
  status: string;
  trigger: string;
  as_of: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
  steps: { step: string; status: string; rows_read: number; rows_written: number; duration_ms: number | null; error: string | null }[];
}

/** Umbrella runs, newest first, each with its steps. */
export async function listPipelineRuns(db: Db, f: { status?: string; limit: number; asOf: Date }) {
  const { rows } = await db.execute<PipelineRunRow & Record<string, unknown>>(sql`
    SELECT r.run_id, r.run_key, r.status, r.trigger, ${iso(sql`r.as_of`)} AS as_of, ${iso(sql`r.created_at`)} AS created_at,
           ${iso(sql`r.started_at`)} AS started_at, ${iso(sql`r.finished_at`)} AS finished_at, r.duration_ms, r.error,
           COALESCE((SELECT json_agg(json_build_object('step', s.step, 'status', s.status, 'rows_read', s.rows_read, 'rows_written', s.rows_written,
               'duration_ms', s.duration_ms, 'error', s.error) ORDER BY s.created_at, s.step)
              FROM pipeline_runs s WHERE s.run_id = r.run_id AND s.step <> 'run'), '[]'::json) AS steps
      FROM pipeline_runs r
     WHERE r.step = 'run' AND r.created_at <= ${ts(f.asOf)} ${f.status ? sql`AND r.status = ${f.status}` : sql``}
     ORDER BY r.created_at DESC LIMIT ${f.limit}`);
  return rows;
}
