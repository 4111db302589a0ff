/**
 * signals:derive: turns a window of anonymous user events into weak signals (source tl_user_derived, confidence
 * capped at 0.6 by the database). Three set-based INSERT ... SELECT statements in one round trip; each row's
 * signal_id is derived from (type, entity, window end, window length), so a rerun adds nothing.
 * A window ends at T's midnight and only counts events that had been received by then.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { USER_DERIVED_SOURCE } from '../../../db/schema';
import type { Db } from '../../../db/client';
import { asOfInstant } from '../run/as-of';
import type { PipelineStep } from './step';

/** Confidence of each family: all below the 0.6 cap, co-occurrence lowest (a session viewing both is weak evidence). */
export const CONFIDENCE = { attention: 0.5, cooccurrence: 0.4, watchlist: 0.5 } as const;
/** Co-occurrence needs more data than one window: it looks back this many windows. */
export const COOCCURRENCE_WINDOWS = 7;

export const windowSchema = z
  .string()
  .regex(/^\d+[hd]$/, 'window must be like 24h or 7d')
  .transform((s) => Number(s.slice(0, -1)) * (s.endsWith('d') ? 24 : 1))
  .refine((h) => h >= 1 && h <= 24 * 90, 'window must be between 1h and 90d');

export async function deriveUserSignals(db: Db, asOf: string, windowHours = 24) {
  const end = asOfInstant(asOf).toISOString();
  const hours = (h: number) => sql`make_interval(hours => ${h}::int)`;
  const w = hours(windowHours);
  const wCo = hours(windowHours * COOCCURRENCE_WINDOWS);
  const suffix = `${end}:${windowHours}h`;
  const common = (confidence: number) => sql`${USER_DERIVED_SOURCE}, ${confidence}::float8, ${end}::timestamptz, ${end}::timestamptz, ${end}::timestamptz + ${w}`;
  const counted = (insert: ReturnType<typeof sql>) => db.execute<{ n: string }>(sql`WITH ins AS (${insert} ON CONFLICT (signal_id) DO NOTHING RETURNING 1) SELECT count(*) AS n FROM ins`);
  const inWindow = (span: ReturnType<typeof sql>) =>
    sql`occurred_at > ${end}::timestamptz - ${span} AND occurred_at <= ${end}::timestamptz AND received_at <= ${end}::timestamptz`;

  const [attention, cooccurrence, watchlist] = await db.batch([
    // Attention velocity: events in the recent half of the window against the older half (+1 smoothing), capped at 10.
    counted(sql`
      INSERT INTO signal_events (signal_id, entity_type, player_id, signal_type, value_num, metadata, source, confidence, observed_at, effective_from, effective_to)
      SELECT 'tl_user_derived:user_attention_velocity:' || player_id || ':' || ${suffix}, 'player', player_id, 'user_attention_velocity',
             round(least(10, (recent + 1)::numeric / (total - recent + 1)), 3)::float8,
             jsonb_build_object('recent', recent, 'older', total - recent, 'window_hours', ${windowHours}::int),
             ${common(CONFIDENCE.attention)}
      FROM (
        SELECT player_id, count(*) AS total, count(*) FILTER (WHERE occurred_at > ${end}::timestamptz - ${w} / 2) AS recent
        FROM user_events
        WHERE player_id IS NOT NULL AND event_type IN ('player_view', 'watchlist_add', 'share') AND ${inWindow(w)}
        GROUP BY player_id HAVING count(*) >= 3
      ) a`),
    // Destination co-occurrence: sessions that looked at both the player and the club.
    counted(sql`
      INSERT INTO signal_events (signal_id, entity_type, player_id, club_id, signal_type, value_num, metadata, source, confidence, observed_at, effective_from, effective_to)
      SELECT 'tl_user_derived:user_destination_cooccurrence:' || p.player_id || ':' || c.club_id || ':' || ${suffix}, 'club_player_pair', p.player_id, c.club_id,
             'user_destination_cooccurrence', count(DISTINCT p.session_id)::float8,
             jsonb_build_object('sessions', count(DISTINCT p.session_id), 'window_hours', ${windowHours * COOCCURRENCE_WINDOWS}::int),
             ${common(CONFIDENCE.cooccurrence)}
      FROM (SELECT DISTINCT session_id, player_id FROM user_events
            WHERE player_id IS NOT NULL AND event_type IN ('player_view', 'watchlist_add') AND ${inWindow(wCo)}) p
      JOIN (SELECT DISTINCT session_id, club_id FROM user_events
            WHERE club_id IS NOT NULL AND event_type = 'club_view' AND ${inWindow(wCo)}) c USING (session_id)
      GROUP BY p.player_id, c.club_id HAVING count(DISTINCT p.session_id) >= 2`),
    // Watchlist adds in the window.
    counted(sql`
      INSERT INTO signal_events (signal_id, entity_type, player_id, signal_type, value_num, metadata, source, confidence, observed_at, effective_from, effective_to)
      SELECT 'tl_user_derived:user_watchlist_adds:' || player_id || ':' || ${suffix}, 'player', player_id, 'user_watchlist_adds', count(*)::float8,
             jsonb_build_object('window_hours', ${windowHours}::int), ${common(CONFIDENCE.watchlist)}
      FROM user_events
      WHERE player_id IS NOT NULL AND event_type = 'watchlist_add' AND ${inWindow(w)}
      GROUP BY player_id`),
  ]);
  const n = (r: { rows: { n: string }[] }) => Number(r.rows[0]?.n ?? 0);
  return { attention: n(attention), cooccurrence: n(cooccurrence), watchlistAdds: n(watchlist) };
}

export const signalsDerive: PipelineStep = {
  name: 'signals:derive',
  describe: 'derive weak user signals (attention, co-occurrence, watchlist adds) from the last day of user events',
  async run(ctx) {
    const counts = await deriveUserSignals(ctx.db, ctx.asOf);
    const written = counts.attention + counts.cooccurrence + counts.watchlistAdds;
    return { cursor: null, done: true, counts, rowsRead: 0, rowsWritten: written };
  },
};
