/** Signals layer: bi-temporal observations with source and confidence. Append-only. */
import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { entityType, signalType, USER_DERIVED_MAX_CONFIDENCE, USER_DERIVED_SOURCE } from './enums';
import { clubs, players } from './reference';

export const signalEvents = pgTable(
  'signal_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Deterministic natural key (source, type, entity, effective date): makes loads idempotent. */
    signalId: varchar('signal_id', { length: 200 }).notNull(),
    entityType: entityType('entity_type').notNull(),
    playerId: uuid('player_id').references(() => players.id),
    clubId: uuid('club_id').references(() => clubs.id),
    signalType: signalType('signal_type').notNull(),
    valueNum: doublePrecision('value_num'),
    valueText: text('value_text'),
    valueJson: jsonb('value_json'),
    source: varchar('source', { length: 255 }).notNull(),
    sourceId: varchar('source_id', { length: 255 }),
    confidence: doublePrecision('confidence').notNull().default(1),
    /** When we learned it. */
    observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
    /** When it became true in the world. */
    effectiveFrom: timestamp('effective_from', { withTimezone: true }).notNull(),
    /** When it stopped being true; null while it holds. */
    effectiveTo: timestamp('effective_to', { withTimezone: true }),
    metadata: jsonb('metadata'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uq_signal_events_signal_id').on(t.signalId),
    index('ix_signal_events_player_type_effective').on(t.playerId, t.signalType, t.effectiveFrom),
    index('ix_signal_events_club_type_effective').on(t.clubId, t.signalType, t.effectiveFrom),
    index('ix_signal_events_type_observed').on(t.signalType, t.observedAt),
    check('ck_signal_confidence_range', sql`${t.confidence} >= 0 AND ${t.confidence} <= 1`),
    check(
      'ck_signal_user_derived_cap',
      sql`${t.source} <> ${sql.raw(`'${USER_DERIVED_SOURCE}'`)} OR ${t.confidence} <= ${sql.raw(String(USER_DERIVED_MAX_CONFIDENCE))}`,
    ),
    check('ck_signal_effective_before_observed', sql`${t.effectiveFrom} <= ${t.observedAt}`),
    check('ck_signal_effective_range', sql`${t.effectiveTo} IS NULL OR ${t.effectiveTo} > ${t.effectiveFrom}`),
    check(
      'ck_signal_entity_consistency',
      sql`(${t.entityType} = 'player' AND ${t.playerId} IS NOT NULL AND ${t.clubId} IS NULL)
       OR (${t.entityType} = 'club' AND ${t.clubId} IS NOT NULL AND ${t.playerId} IS NULL)
       OR (${t.entityType} = 'club_player_pair' AND ${t.playerId} IS NOT NULL AND ${t.clubId} IS NOT NULL)`,
    ),
    check('ck_signal_has_value', sql`${t.valueNum} IS NOT NULL OR ${t.valueText} IS NOT NULL OR ${t.valueJson} IS NOT NULL`),
  ],
);
