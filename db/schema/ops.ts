/** Operations: pipeline runs (status, cursor, counts, timings) and the audit trail of data corrections. */
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { correctionType, runStatus } from './enums';

/** One row per (run, step). The umbrella row of a run has step = 'run'. */
export const pipelineRuns = pgTable(
  'pipeline_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').notNull(),
    /** Human key of the run, e.g. daily:2024-12-12:h90; one active run per key. */
    runKey: varchar('run_key', { length: 120 }).notNull(),
    step: varchar('step', { length: 50 }).notNull(),
    status: runStatus('status').notNull().default('pending'),
    trigger: varchar('trigger', { length: 20 }).notNull().default('cli'),
    asOf: timestamp('as_of', { withTimezone: true }).notNull(),
    cursor: jsonb('cursor'),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsWritten: integer('rows_written').notNull().default(0),
    counts: jsonb('counts'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uq_pipeline_runs_run_step').on(t.runId, t.step),
    index('ix_pipeline_runs_key').on(t.runKey, t.createdAt),
    index('ix_pipeline_runs_created').on(t.createdAt),
  ],
);

export const dataCorrections = pgTable(
  'data_corrections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tableName: varchar('table_name', { length: 100 }).notNull(),
    recordId: uuid('record_id').notNull(),
    correctionType: correctionType('correction_type').notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    newRecordId: uuid('new_record_id'),
    reason: text('reason').notNull(),
    correctedBy: varchar('corrected_by', { length: 100 }).notNull(),
    correctedAt: timestamp('corrected_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ix_data_corrections_record').on(t.tableName, t.recordId)],
);
