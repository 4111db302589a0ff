/** Reference data: competitions, seasons, clubs and players. Mutable profiles, keyed by external ids. */
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const competitions = pgTable(
  'competitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: varchar('name', { length: 255 }).notNull(),
    shortName: varchar('short_name', { length: 50 }),
    country: varchar('country', { length: 100 }).notNull(),
    competitionType: varchar('competition_type', { length: 50 }).notNull().default('league'),
    tier: integer('tier').notNull().default(1),
    isTop5: boolean('is_top5').notNull().default(false),
    transfermarktId: varchar('transfermarkt_id', { length: 50 }),
    logoUrl: varchar('logo_url', { length: 500 }),
    isActive: boolean('is_active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('uq_competitions_transfermarkt_id').on(t.transfermarktId),
    uniqueIndex('uq_competitions_name_country').on(t.name, t.country),
  ],
);

export const seasons = pgTable(
  'seasons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    competitionId: uuid('competition_id').notNull().references(() => competitions.id),
    name: varchar('name', { length: 20 }).notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('uq_seasons_competition_name').on(t.competitionId, t.name)],
);

export const clubs = pgTable(
  'clubs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: varchar('name', { length: 255 }).notNull(),
    shortName: varchar('short_name', { length: 80 }),
    slug: varchar('slug', { length: 160 }).notNull(),
    /** Lower-cased, accent-free name for trigram search. */
    searchName: text('search_name').notNull(),
    country: varchar('country', { length: 100 }),
    competitionId: uuid('competition_id').references(() => competitions.id),
    stadium: varchar('stadium', { length: 255 }),
    stadiumCapacity: integer('stadium_capacity'),
    squadSize: integer('squad_size'),
    averageAge: text('average_age'),
    transfermarktId: varchar('transfermarkt_id', { length: 50 }),
    logoUrl: varchar('logo_url', { length: 500 }),
    /** Transfermarkt status ids (Without Club, Retired, ...): ledger endpoints, never shown as clubs. */
    isStatusPseudo: boolean('is_status_pseudo').notNull().default(false),
    isYouthOrReserve: boolean('is_youth_or_reserve').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('uq_clubs_transfermarkt_id').on(t.transfermarktId),
    uniqueIndex('uq_clubs_slug').on(t.slug),
    index('ix_clubs_competition').on(t.competitionId),
    index('ix_clubs_search_trgm').using('gin', sql`${t.searchName} gin_trgm_ops`),
  ],
);

export const players = pgTable(
  'players',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: varchar('name', { length: 255 }).notNull(),
    fullName: varchar('full_name', { length: 500 }),
    slug: varchar('slug', { length: 200 }).notNull(),
    searchName: text('search_name').notNull(),
    dateOfBirth: date('date_of_birth'),
    nationality: varchar('nationality', { length: 100 }),
    countryOfBirth: varchar('country_of_birth', { length: 100 }),
    /** Position code used by the API: GK, DF, MF, FW or a finer code (CB, LB, DM, AM, LW, ST, ...). */
    position: varchar('position', { length: 10 }),
    positionGroup: varchar('position_group', { length: 20 }),
    subPosition: varchar('sub_position', { length: 50 }),
    foot: varchar('foot', { length: 10 }),
    heightCm: integer('height_cm'),
    transfermarktId: varchar('transfermarkt_id', { length: 50 }),
    photoUrl: varchar('photo_url', { length: 500 }),
    isActive: boolean('is_active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('uq_players_transfermarkt_id').on(t.transfermarktId),
    uniqueIndex('uq_players_slug').on(t.slug),
    index('ix_players_position').on(t.position),
    index('ix_players_search_trgm').using('gin', sql`${t.searchName} gin_trgm_ops`),
  ],
);
