/** Honest freshness: the default as-of day is the latest data day, never a today the data does not reach. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { insertClub, insertPlayer, insertSignal, insertTransfer } from '../../../test/helpers/factories';
import { addDays, dataFreshness, isoDay } from './as-of';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('asof');
});

describe('dataFreshness', () => {
  it('is today when there is no data', async () => {
    expect(await dataFreshness(t.db, new Date('2025-03-04T10:00:00Z'))).toEqual({ lastTransferDate: null, lastSignalDate: null, asOf: '2025-03-04' });
  });

  it('is the latest data day when the data is older than today, ignoring scheduled moves and period totals', async () => {
    const player = await insertPlayer(t.db);
    const club = await insertClub(t.db);
    await insertTransfer(t.db, { playerId: player.id, toClubId: club.id, transferDate: '2024-12-10' });
    // A scheduled loan end after today's date and a signal observed after now would fake freshness.
    await insertTransfer(t.db, { playerId: player.id, toClubId: (await insertClub(t.db)).id, transferDate: '2026-06-30' });
    await insertSignal(t.db, { playerId: player.id, observedAt: new Date('2024-12-12T00:00:00Z') });
    await insertSignal(t.db, { playerId: player.id, observedAt: new Date('2026-01-01T00:00:00Z'), signalType: 'season_appearances' });
    await insertSignal(t.db, { playerId: player.id, observedAt: new Date('2030-01-01T00:00:00Z') });
    expect(await dataFreshness(t.db, new Date('2026-02-01T06:00:00Z'))).toEqual({ lastTransferDate: '2024-12-10', lastSignalDate: '2024-12-12', asOf: '2024-12-12' });
    // Seen from an earlier day, only what existed by then counts.
    expect((await dataFreshness(t.db, new Date('2024-12-11T06:00:00Z'))).asOf).toBe('2024-12-10');
    // On a day the data does reach, it is that day.
    expect((await dataFreshness(t.db, new Date('2024-12-12T06:00:00Z'))).asOf).toBe('2024-12-12');
  });
});

it('validates days and adds days across month ends', () => {
  expect(isoDay.safeParse('2024-02-30').success).toBe(false);
  expect(isoDay.safeParse('2024-2-3').success).toBe(false);
  expect(isoDay.parse('2024-02-29')).toBe('2024-02-29');
  expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
});
