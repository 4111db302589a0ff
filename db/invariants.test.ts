/** The database itself enforces the layer invariants: each CHECK and each append-only trigger is exercised. */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { predictionSnapshots, signalEvents, transferEvents } from './schema';
import { createTestDb, type TestDb } from '../test/helpers/db';
import { insertClub, insertPlayer, insertSignal, insertTransfer } from '../test/helpers/factories';

let t: TestDb;
let playerId: string;
let clubA: string;
let clubB: string;

beforeAll(async () => {
  t = await createTestDb('invariants');
  playerId = (await insertPlayer(t.db)).id;
  clubA = (await insertClub(t.db)).id;
  clubB = (await insertClub(t.db)).id;
});

/** Resolves to the Postgres error (code + constraint) that rejected the statement. */
async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; constraint?: string; message: string; cause?: { code?: string; constraint?: string; message: string } };
    const src = err.cause ?? err;
    return { code: src.code, constraint: src.constraint, message: src.message };
  }
  throw new Error('statement was accepted');
}

const snapshot = (over: Partial<typeof predictionSnapshots.$inferInsert> = {}) =>
  t.db.insert(predictionSnapshots).values({
    snapshotId: `S-${Math.random()}`,
    modelVersion: 'test',
    modelName: 'test',
    playerId,
    horizonDays: 90,
    probability: 0.3,
    asOf: new Date('2024-06-01T00:00:00Z'),
    windowStart: '2024-06-01',
    windowEnd: '2024-08-30',
    ...over,
  });

describe('signal_events checks', () => {
  const at = new Date('2024-01-01T00:00:00Z');
  it('rejects a confidence outside 0..1', async () => {
    expect((await rejection(insertSignal(t.db, { playerId, observedAt: at, confidence: 1.2 }))).constraint).toBe('ck_signal_confidence_range');
    expect((await rejection(insertSignal(t.db, { playerId, observedAt: at, confidence: -0.1 }))).constraint).toBe('ck_signal_confidence_range');
  });
  it('caps user-derived signals at confidence 0.6', async () => {
    const r = await rejection(insertSignal(t.db, { playerId, observedAt: at, source: 'tl_user_derived', confidence: 0.61 }));
    expect(r.constraint).toBe('ck_signal_user_derived_cap');
    await expect(insertSignal(t.db, { playerId, observedAt: at, source: 'tl_user_derived', confidence: 0.6 })).resolves.toBeDefined();
  });
  it('rejects a signal effective after it was observed', async () => {
    const r = await rejection(insertSignal(t.db, { playerId, observedAt: at, effectiveFrom: new Date('2024-01-02T00:00:00Z') }));
    expect(r.constraint).toBe('ck_signal_effective_before_observed');
  });
  it('rejects effective_to not after effective_from', async () => {
    const r = await rejection(insertSignal(t.db, { playerId, observedAt: at, effectiveTo: at }));
    expect(r.constraint).toBe('ck_signal_effective_range');
  });
  it('rejects an entity type that disagrees with the ids', async () => {
    expect((await rejection(insertSignal(t.db, { playerId, clubId: clubA, observedAt: at }))).constraint).toBe('ck_signal_entity_consistency');
    expect((await rejection(insertSignal(t.db, { entityType: 'club', playerId, observedAt: at }))).constraint).toBe('ck_signal_entity_consistency');
    expect((await rejection(insertSignal(t.db, { entityType: 'club_player_pair', playerId, observedAt: at }))).constraint).toBe('ck_signal_entity_consistency');
    await expect(insertSignal(t.db, { entityType: 'club_player_pair', playerId, clubId: clubA, observedAt: at })).resolves.toBeDefined();
  });
  it('cannot be updated, deleted or truncated', async () => {
    const s = await insertSignal(t.db, { playerId, observedAt: at });
    expect((await rejection(t.db.update(signalEvents).set({ valueNum: 2 }).where(eq(signalEvents.id, s.id)))).message).toMatch(/append-only/);
    expect((await rejection(t.db.delete(signalEvents).where(eq(signalEvents.id, s.id)))).message).toMatch(/append-only/);
    expect((await rejection(t.db.execute(sql`TRUNCATE signal_events CASCADE`))).message).toMatch(/append-only/);
  });
});

describe('prediction_snapshots checks', () => {
  it('rejects a probability outside 0..1', async () => {
    expect((await rejection(snapshot({ probability: 1.01 }))).constraint).toBe('ck_prediction_probability_range');
  });
  it('accepts only the 30, 90 and 180 day horizons', async () => {
    expect((await rejection(snapshot({ horizonDays: 60, windowEnd: '2024-07-31' }))).constraint).toBe('ck_prediction_horizon');
  });
  it('requires window_end = window_start + horizon', async () => {
    expect((await rejection(snapshot({ windowEnd: '2024-08-31' }))).constraint).toBe('ck_prediction_window');
  });
  it('rejects a duplicate snapshot id', async () => {
    await snapshot({ snapshotId: 'S-dup' });
    expect((await rejection(snapshot({ snapshotId: 'S-dup' }))).code).toBe('23505');
  });
  it('cannot be updated or deleted', async () => {
    await snapshot({ snapshotId: 'S-immutable' });
    const where = eq(predictionSnapshots.snapshotId, 'S-immutable');
    expect((await rejection(t.db.update(predictionSnapshots).set({ probability: 0.9 }).where(where))).message).toMatch(/append-only/);
    expect((await rejection(t.db.delete(predictionSnapshots).where(where))).message).toMatch(/append-only/);
  });
});

describe('transfer_events ledger', () => {
  it('rejects a move from a club to itself', async () => {
    expect((await rejection(insertTransfer(t.db, { playerId, fromClubId: clubA, toClubId: clubA }))).constraint).toBe('ck_transfer_distinct_clubs');
  });
  it('rejects a duplicate event id', async () => {
    await insertTransfer(t.db, { playerId, fromClubId: clubA, toClubId: clubB, eventId: 'dup-event' });
    expect((await rejection(insertTransfer(t.db, { playerId, fromClubId: clubA, toClubId: clubB, eventId: 'dup-event' }))).code).toBe('23505');
  });
  it('rejects a negative fee and a source confidence outside 0..1', async () => {
    expect((await rejection(insertTransfer(t.db, { playerId, toClubId: clubB, feeAmountEur: -1 }))).constraint).toBe('ck_transfer_fee_nonnegative');
    expect((await rejection(insertTransfer(t.db, { playerId, toClubId: clubB, sourceConfidence: 2 }))).constraint).toBe('ck_transfer_source_confidence');
  });
  it('rejects edits and deletes, but allows superseding a row exactly once', async () => {
    const old = await insertTransfer(t.db, { playerId, fromClubId: clubA, toClubId: clubB });
    const fix = await insertTransfer(t.db, { playerId, fromClubId: clubA, toClubId: clubB, feeAmountEur: 5 });
    const where = eq(transferEvents.id, old.id);
    expect((await rejection(t.db.update(transferEvents).set({ feeAmountEur: 10 }).where(where))).message).toMatch(/immutable/);
    expect((await rejection(t.db.delete(transferEvents).where(where))).message).toMatch(/not allowed/);
    // superseding may not smuggle in another change
    const sneaky = { isSuperseded: true, supersededBy: fix.id, supersededAt: new Date(), supersededReason: 'fee corrected', feeAmountEur: 99 };
    expect((await rejection(t.db.update(transferEvents).set(sneaky).where(where))).message).toMatch(/immutable/);
    const supersede = { isSuperseded: true, supersededBy: fix.id, supersededAt: new Date(), supersededReason: 'fee corrected' };
    await t.db.update(transferEvents).set(supersede).where(where);
    expect((await rejection(t.db.update(transferEvents).set({ ...supersede, supersededReason: 'again' }).where(where))).message).toMatch(/already superseded/);
    expect((await rejection(t.db.execute(sql`TRUNCATE transfer_events CASCADE`))).message).toMatch(/append-only/);
  });
});
