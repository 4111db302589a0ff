/** Ledger layer: confirmed transfers. Append-only; the only permitted change is marking a row superseded once. */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { feeType, transferType } from './enums';
import { clubs, players } from './reference';

export const transferEvents = pgTable(
  'transfer_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Deterministic natural key, e.g. tm-<player>-<date>-<from>-<to>. */
    eventId: varchar('event_id', { length: 120 }).notNull(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    fromClubId: uuid('from_club_id').references(() => clubs.id),
    toClubId: uuid('to_club_id').notNull().references(() => clubs.id),
    transferType: transferType('transfer_type').notNull(),
    transferDate: date('transfer_date').notNull(),
    announcedDate: date('announced_date'),
    season: varchar('season', { length: 10 }),
    feeAmountEur: doublePrecision('fee_amount_eur'),
    feeType: feeType('fee_type').notNull().default('reported'),
    marketValueEur: doublePrecision('market_value_eur'),
    loanEndDate: date('loan_end_date'),
    contractEnd: date('contract_end'),
    source: varchar('source', { length: 255 }).notNull(),
    sourceUrl: varchar('source_url', { length: 1000 }),
    sourceConfidence: doublePrecision('source_confidence').notNull().default(1),
    notes: text('notes'),
    metadata: jsonb('metadata'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: varchar('created_by', { length: 100 }),
    isSuperseded: boolean('is_superseded').notNull().default(false),
    supersededBy: uuid('superseded_by').references((): AnyPgColumn => transferEvents.id),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    supersededReason: text('superseded_reason'),
  },
  (t) => [
    uniqueIndex('uq_transfer_events_event_id').on(t.eventId),
    index('ix_transfer_events_player_date').on(t.playerId, t.transferDate),
    index('ix_transfer_events_from_club_date').on(t.fromClubId, t.transferDate),
    index('ix_transfer_events_to_club_date').on(t.toClubId, t.transferDate),
    index('ix_transfer_events_date').on(t.transferDate),
    check('ck_transfer_distinct_clubs', sql`${t.fromClubId} IS NULL OR ${t.fromClubId} <> ${t.toClubId}`),
    check('ck_transfer_source_confidence', sql`${t.sourceConfidence} >= 0 AND ${t.sourceConfidence} <= 1`),
    check('ck_transfer_fee_nonnegative', sql`${t.feeAmountEur} IS NULL OR ${t.feeAmountEur} >= 0`),
    check('ck_transfer_loan_end', sql`${t.loanEndDate} IS NULL OR ${t.loanEndDate} >= ${t.transferDate}`),
    check(
      'ck_transfer_superseded_consistent',
      sql`(${t.isSuperseded} AND ${t.supersededAt} IS NOT NULL AND ${t.supersededReason} IS NOT NULL) OR (NOT ${t.isSuperseded} AND ${t.supersededBy} IS NULL AND ${t.supersededAt} IS NULL)`,
    ),
  ],
);
