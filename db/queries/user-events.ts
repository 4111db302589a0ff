/**
 * Recording anonymous user events: a batch is checked and inserted by ONE statement. Unknown player or club ids
 * reject the whole batch (nothing is written) and are reported by position, instead of failing on the foreign key.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { iso, ts } from './sql';

export interface UserEventInput {
  user_anon_id: string;
  session_id: string;
  event_type: string;
  event_props_json?: Record<string, unknown> | null;
  player_id?: string | null;
  club_id?: string | null;
  occurred_at: string;
  device_type?: string | null;
  country_code?: string | null;
}

export async function recordUserEvents(db: Db, events: UserEventInput[]) {
  const input = JSON.stringify(events.map((e, idx) => ({ idx, ...e })));
  const { rows } = await db.execute<{ missing: { index: number; field: string }[]; inserted: number }>(sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x(idx int, user_anon_id text, session_id text, event_type text,
        event_props_json jsonb, player_id uuid, club_id uuid, occurred_at timestamptz, device_type text, country_code text)
    ), missing AS (
      SELECT i.idx, 'player_id' AS field FROM input i WHERE i.player_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM players p WHERE p.id = i.player_id)
      UNION ALL
      SELECT i.idx, 'club_id' FROM input i WHERE i.club_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM clubs c WHERE c.id = i.club_id)
    ), ins AS (
      INSERT INTO user_events (user_anon_id, session_id, event_type, event_props_json, player_id, club_id, occurred_at, device_type, country_code)
      SELECT user_anon_id, session_id, event_type::user_event_type, event_props_json, player_id, club_id, occurred_at, device_type, country_code
        FROM input WHERE NOT EXISTS (SELECT 1 FROM missing)
      RETURNING id
    )
    SELECT (SELECT COALESCE(json_agg(json_build_object('index', idx, 'field', field) ORDER BY idx, field), '[]'::json) FROM missing) AS missing,
           (SELECT count(*)::int FROM ins) AS inserted`);
  return rows[0]!;
}

export type RecentUserEvent = {
  id: string;
  user_anon_id: string;
  session_id: string;
  event_type: string;
  event_props_json: unknown;
  player_id: string | null;
  club_id: string | null;
  occurred_at: string;
  received_at: string;
  device_type: string | null;
  country_code: string | null;
};

export async function recentUserEvents(db: Db, f: { eventType?: string; limit: number; asOf: Date }) {
  const { rows } = await db.execute<RecentUserEvent>(sql`
    SELECT id, user_anon_id, session_id, event_type, event_props_json, player_id, club_id, ${iso(sql`occurred_at`)} AS occurred_at,
           ${iso(sql`received_at`)} AS received_at, device_type, country_code
      FROM user_events WHERE received_at <= ${ts(f.asOf)} ${f.eventType ? sql`AND event_type = ${f.eventType}` : sql``}
     ORDER BY received_at DESC, id DESC LIMIT ${f.limit}`);
  return rows;
}
