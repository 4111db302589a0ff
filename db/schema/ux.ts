/** UX layer: anonymous user events and watchlists. Never read by the ledger; feeds weak signals only. */
import { boolean, doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { userEventType } from './enums';
import { clubs, players } from './reference';

export const userEvents = pgTable(
  'user_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userAnonId: varchar('user_anon_id', { length: 100 }).notNull(),
    sessionId: varchar('session_id', { length: 100 }).notNull(),
    eventType: userEventType('event_type').notNull(),
    eventPropsJson: jsonb('event_props_json'),
    playerId: uuid('player_id').references(() => players.id),
    clubId: uuid('club_id').references(() => clubs.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    deviceType: varchar('device_type', { length: 20 }),
    countryCode: varchar('country_code', { length: 2 }),
  },
  (t) => [
    index('ix_user_events_occurred_at').on(t.occurredAt),
    index('ix_user_events_player_time').on(t.playerId, t.eventType, t.occurredAt),
    index('ix_user_events_club_time').on(t.clubId, t.eventType, t.occurredAt),
  ],
);

export const watchlists = pgTable(
  'watchlists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: varchar('user_id', { length: 100 }).notNull(),
    name: varchar('name', { length: 255 }).notNull().default('My Watchlist'),
    description: text('description'),
    isPublic: boolean('is_public').notNull().default(false),
    shareToken: varchar('share_token', { length: 100 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ix_watchlists_user').on(t.userId), uniqueIndex('uq_watchlists_share_token').on(t.shareToken)],
);

export const watchlistItems = pgTable(
  'watchlist_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    watchlistId: uuid('watchlist_id').notNull().references(() => watchlists.id, { onDelete: 'cascade' }),
    playerId: uuid('player_id').notNull().references(() => players.id),
    notes: text('notes'),
    alertOnTransfer: boolean('alert_on_transfer').notNull().default(true),
    alertOnProbabilityChange: boolean('alert_on_probability_change').notNull().default(true),
    probabilityThreshold: doublePrecision('probability_threshold'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uq_watchlist_items_player').on(t.watchlistId, t.playerId),
    index('ix_watchlist_items_player').on(t.playerId),
  ],
);
