/** Minimal rows for tests: each call inserts one real row and returns it. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { clubs, competitions, players, signalEvents, transferEvents } from '../../db/schema';

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function insertCompetition(db: Db, over: Partial<typeof competitions.$inferInsert> = {}) {
  const n = next();
  const [row] = await db.insert(competitions).values({ name: `League ${n}`, country: 'England', transfermarktId: `C${n}`, ...over }).returning();
  return row!;
}

export async function insertClub(db: Db, over: Partial<typeof clubs.$inferInsert> = {}) {
  const n = next();
  const name = over.name ?? `Club ${n}`;
  const [row] = await db
    .insert(clubs)
    .values({ name, slug: `club-${n}`, searchName: name.toLowerCase(), transfermarktId: `K${n}`, country: 'England', ...over })
    .returning();
  return row!;
}

export async function insertPlayer(db: Db, over: Partial<typeof players.$inferInsert> = {}) {
  const n = next();
  const name = over.name ?? `Player ${n}`;
  const [row] = await db
    .insert(players)
    .values({ name, slug: `player-${n}`, searchName: name.toLowerCase(), transfermarktId: `P${n}`, position: 'MF', ...over })
    .returning();
  return row!;
}

export async function insertTransfer(db: Db, v: { playerId: string; toClubId: string } & Partial<typeof transferEvents.$inferInsert>) {
  const [row] = await db
    .insert(transferEvents)
    .values({ eventId: `test-${randomUUID()}`, transferType: 'permanent', transferDate: '2024-07-01', source: 'test', ...v })
    .returning();
  return row!;
}

export async function insertSignal(db: Db, v: Partial<typeof signalEvents.$inferInsert> & { observedAt: Date }) {
  const [row] = await db
    .insert(signalEvents)
    .values({
      signalId: `test-${randomUUID()}`,
      entityType: 'player',
      signalType: 'market_value',
      valueNum: 1_000_000,
      source: 'test',
      effectiveFrom: v.observedAt,
      ...v,
    })
    .returning();
  return row!;
}
