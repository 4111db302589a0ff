/** signals:derive on real rows: what each family counts, the confidence cap, the time-travel guard and reruns. */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { userEvents } from '../../../db/schema';
import { createTestDb, type TestDb } from '../../../test/helpers/db';
import { insertClub, insertPlayer } from '../../../test/helpers/factories';
import { deriveUserSignals, windowSchema } from './signals-derive';

let t: TestDb;
let star: string;
let quiet: string;
let club: string;
const END = '2024-06-10';
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  t = await createTestDb('signals');
  star = (await insertPlayer(t.db)).id;
  quiet = (await insertPlayer(t.db)).id;
  club = (await insertClub(t.db)).id;
  const ev = (over: Partial<typeof userEvents.$inferInsert> & { occurredAt: Date }) => ({
    userAnonId: 'u',
    sessionId: 's0',
    eventType: 'player_view' as const,
    receivedAt: over.occurredAt,
    ...over,
  });
  await t.db.insert(userEvents).values([
    // star: 1 view in the older half of the 24h window, 3 in the recent half, 2 watchlist adds (recent).
    ev({ playerId: star, occurredAt: at('2024-06-09T03:00:00Z') }),
    ev({ playerId: star, occurredAt: at('2024-06-09T13:00:00Z') }),
    ev({ playerId: star, occurredAt: at('2024-06-09T20:00:00Z'), eventType: 'watchlist_add' }),
    ev({ playerId: star, occurredAt: at('2024-06-09T23:00:00Z'), eventType: 'watchlist_add' }),
    // Would leak: after the window end, or received after it.
    ev({ playerId: star, occurredAt: at('2024-06-10T00:00:01Z') }),
    ev({ playerId: star, occurredAt: at('2024-06-09T22:00:00Z'), receivedAt: at('2024-06-10T02:00:00Z') }),
    // Too old for the 24h window.
    ev({ playerId: star, occurredAt: at('2024-06-08T22:00:00Z') }),
    // quiet: two views only (below the minimum of 3).
    ev({ playerId: quiet, occurredAt: at('2024-06-09T10:00:00Z') }),
    ev({ playerId: quiet, occurredAt: at('2024-06-09T11:00:00Z') }),
    // Co-occurrence over 7 days: star and club together in sessions s1, s2 (s3 views only the club).
    ev({ playerId: star, sessionId: 's1', occurredAt: at('2024-06-05T10:00:00Z') }),
    ev({ clubId: club, sessionId: 's1', eventType: 'club_view', occurredAt: at('2024-06-05T10:05:00Z') }),
    ev({ playerId: star, sessionId: 's2', occurredAt: at('2024-06-04T10:00:00Z') }),
    ev({ clubId: club, sessionId: 's2', eventType: 'club_view', occurredAt: at('2024-06-04T10:01:00Z') }),
    ev({ clubId: club, sessionId: 's3', eventType: 'club_view', occurredAt: at('2024-06-04T10:01:00Z') }),
    // quiet and the club share one session only: not enough.
    ev({ playerId: quiet, sessionId: 's4', occurredAt: at('2024-06-06T10:00:00Z') }),
    ev({ clubId: club, sessionId: 's4', eventType: 'club_view', occurredAt: at('2024-06-06T10:01:00Z') }),
  ]);
});

type Sig = { signal_type: string; player_id: string; club_id: string | null; value_num: number; confidence: number; source: string; observed_at: Date | string; effective_to: Date | string };

describe('deriveUserSignals', () => {
  it('writes one signal per family and entity, capped at confidence 0.6, observed at the window end', async () => {
    expect(await deriveUserSignals(t.db, END)).toEqual({ attention: 1, cooccurrence: 1, watchlistAdds: 1 });
    const { rows } = await t.db.execute<Sig>(sql`SELECT signal_type, player_id, club_id, value_num, confidence, source, observed_at, effective_to FROM signal_events ORDER BY signal_type`);
    expect(rows.map((r) => [r.signal_type, r.player_id, r.club_id, Number(r.value_num)])).toEqual([
      // velocity: (recent 3 + 1) / (older 1 + 1) = 2.
      ['user_attention_velocity', star, null, 2],
      ['user_destination_cooccurrence', star, club, 2],
      ['user_watchlist_adds', star, null, 2],
    ]);
    for (const r of rows) {
      expect(r.source).toBe('tl_user_derived');
      expect(Number(r.confidence)).toBeLessThanOrEqual(0.6);
      expect(new Date(r.observed_at).toISOString()).toBe('2024-06-10T00:00:00.000Z');
      expect(new Date(r.effective_to).toISOString()).toBe('2024-06-11T00:00:00.000Z');
    }
  });

  it('adds nothing when rerun for the same window', async () => {
    expect(await deriveUserSignals(t.db, END)).toEqual({ attention: 0, cooccurrence: 0, watchlistAdds: 0 });
    const { rows } = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM signal_events`);
    expect(rows[0]!.n).toBe(3);
  });

  it('parses window lengths and rejects nonsense', () => {
    expect(windowSchema.parse('24h')).toBe(24);
    expect(windowSchema.parse('7d')).toBe(168);
    expect(windowSchema.safeParse('5m').success).toBe(false);
    expect(windowSchema.safeParse('0h').success).toBe(false);
  });
});
