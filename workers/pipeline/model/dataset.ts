/**
 * Loads the point-in-time Dataset as of T in one round trip (five set-based statements in one db.batch):
 * reference rows, the non-superseded ledger dated on or before T, and every signal observed and effective by T,
 * aggregated per (entity, type) so the response stays compact. Signals whose validity ended before T are kept
 * (they held at earlier training dates); the per-date readers in timeline.ts apply the full bi-temporal test.
 * The loaded rows are then checked by assertNoLeak: a loader bug fails loudly instead of leaking the future.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { assertNoLeak } from './leak';
import type { ClubRow, CompetitionRow, Dataset, Ms, PlayerRow, SignalSeries, TransferRow } from './types';

const DEFAULT_HISTORY_YEARS = 6;
const ms = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

type SignalGroup = {
  entity_type: 'player' | 'club' | 'club_player_pair';
  player_id: string | null;
  club_id: string | null;
  signal_type: string;
  /** [effective_from ms, observed_at ms, effective_to ms | null, value_num, value_json ?? value_text] */
  rows: [number, number, number | null, number | null, unknown][];
};

type TransferSqlRow = { player_id: string; from_club_id: string | null; to_club_id: string; transfer_type: string; d: string; fee: number | null; mv: number | null };
const transferRow = (t: TransferSqlRow): TransferRow => ({
  playerId: t.player_id,
  fromClubId: t.from_club_id,
  toClubId: t.to_club_id,
  type: t.transfer_type,
  date: ms(t.d),
  fee: t.fee,
  marketValue: t.mv,
});
const epoch = (col: string) => sql.raw(`(extract(epoch FROM ${col}) * 1000)::bigint`);

/** Years of everyone's moves a chunk still loads: flows (3 years) and club churn (1 year) need them all. */
const CONTEXT_YEARS = 4;

/**
 * With `playerIds` (a Worker chunk), only those players' full histories are loaded, plus what their features and
 * destinations need from everyone else, so chunked features equal whole-population ones: every player's latest
 * ledger day and current-club signal (who plays where), latest market value (squad values, league strength,
 * ranks), and all moves of the last CONTEXT_YEARS (club churn, destination flows).
 */
export async function loadDataset(db: Db, asOf: Date, opts: { playerIds?: string[]; historyYears?: number } = {}): Promise<Dataset> {
  const T = asOf.toISOString();
  const day = sql`(${T}::timestamptz AT TIME ZONE 'UTC')::date`;
  const since = new Date(asOf.getTime() - (opts.historyYears ?? DEFAULT_HISTORY_YEARS) * 365.25 * 86_400_000).toISOString();
  const chunk = opts.playerIds ? sql`${`{${opts.playerIds.join(',')}}`}::uuid[]` : undefined;
  const transferScope = chunk
    ? sql`AND (t.player_id = ANY(${chunk}) OR t.transfer_date > ${day} - ${CONTEXT_YEARS * 365}::int
           OR (t.player_id, t.transfer_date) IN (SELECT player_id, max(transfer_date) FROM transfer_events
                                                 WHERE NOT is_superseded AND transfer_date <= ${day} GROUP BY player_id))`
    : sql``;
  const signalScope = chunk ? sql`AND (player_id IS NULL OR player_id = ANY(${chunk}) OR signal_type = 'current_club')` : sql``;
  // Everyone else's latest market value at T (one row each); the whole population loads full series instead.
  const othersValues = chunk
    ? sql`SELECT DISTINCT ON (player_id) player_id, ${epoch('effective_from')} AS f, ${epoch('observed_at')} AS o, ${epoch('effective_to')} AS e, value_num AS v
          FROM signal_events
          WHERE signal_type = 'market_value' AND entity_type = 'player' AND NOT (player_id = ANY(${chunk}))
            AND observed_at <= ${T}::timestamptz AND effective_from <= ${T}::timestamptz AND (effective_to IS NULL OR effective_to > ${T}::timestamptz)
            AND effective_from >= ${T}::timestamptz - interval '365 days'
          ORDER BY player_id, effective_from DESC, observed_at DESC`
    : sql`SELECT NULL::uuid AS player_id, 0 AS f, 0 AS o, NULL::bigint AS e, NULL::float8 AS v WHERE false`;
  const [competitions, clubs, players, transfers, signals, others] = await db.batch([
    db.execute<{ id: string; code: string | null; is_top5: boolean; tier: number; competition_type: string }>(
      sql`SELECT id, transfermarkt_id AS code, is_top5, tier, competition_type FROM competitions`,
    ),
    db.execute<{ id: string; name: string; competition_id: string | null; is_status_pseudo: boolean; is_youth_or_reserve: boolean }>(
      sql`SELECT id, name, competition_id, is_status_pseudo, is_youth_or_reserve FROM clubs`,
    ),
    db.execute<{ id: string; dob: string | null; position: string | null; position_group: string | null }>(
      sql`SELECT id, ${epoch('date_of_birth')} AS dob, position, position_group FROM players`,
    ),
    // A move's market value, when the ledger lacks it, is the player's value visible on the move's day
    // (at most a year old): the value band of destination flows.
    db.execute<TransferSqlRow>(
      sql`SELECT t.player_id, t.from_club_id, t.to_club_id, t.transfer_type, ${epoch('t.transfer_date')} AS d, t.fee_amount_eur AS fee,
                 coalesce(t.market_value_eur, v.value_num) AS mv
          FROM transfer_events t
          LEFT JOIN LATERAL (
            SELECT s.value_num FROM signal_events s
            WHERE s.player_id = t.player_id AND s.signal_type = 'market_value' AND s.entity_type = 'player'
              AND s.effective_from <= (t.transfer_date::timestamp AT TIME ZONE 'UTC') AND s.observed_at <= (t.transfer_date::timestamp AT TIME ZONE 'UTC')
              AND s.effective_from >= (t.transfer_date::timestamp AT TIME ZONE 'UTC') - interval '365 days'
              AND (s.effective_to IS NULL OR s.effective_to > (t.transfer_date::timestamp AT TIME ZONE 'UTC'))
            ORDER BY s.effective_from DESC, s.observed_at DESC LIMIT 1
          ) v ON t.market_value_eur IS NULL
          WHERE NOT t.is_superseded AND t.transfer_date <= ${day} ${transferScope}
          ORDER BY t.transfer_date, t.player_id, t.created_at, t.event_id`,
    ),
    db.execute<SignalGroup>(
      sql`SELECT entity_type, player_id, club_id, signal_type,
                 json_agg(json_build_array(${epoch('effective_from')}, ${epoch('observed_at')}, ${epoch('effective_to')}, value_num,
                                           coalesce(value_json, to_jsonb(value_text))) ORDER BY effective_from, observed_at) AS rows
          FROM signal_events
          WHERE observed_at <= ${T}::timestamptz AND effective_from <= ${T}::timestamptz AND effective_from >= ${since}::timestamptz
            AND (effective_to IS NULL OR effective_to > ${since}::timestamptz) ${signalScope}
          GROUP BY entity_type, player_id, club_id, signal_type`,
    ),
    db.execute<{ player_id: string; f: string; o: string; e: string | null; v: number | null }>(othersValues),
  ]);

  const ds = emptyDataset(asOf.getTime());
  for (const c of competitions.rows) {
    const row: CompetitionRow = { id: c.id, code: c.code, isTop5: c.is_top5, tier: c.tier, isLeague: /league/.test(c.competition_type) };
    ds.competitions.set(c.id, row);
  }
  for (const c of clubs.rows) {
    const row: ClubRow = { id: c.id, name: c.name, competitionId: c.competition_id, isStatusPseudo: c.is_status_pseudo, isYouthOrReserve: c.is_youth_or_reserve };
    ds.clubs.set(c.id, row);
  }
  for (const p of players.rows) {
    const row: PlayerRow = { id: p.id, dob: p.dob === null ? null : ms(p.dob), position: p.position, positionGroup: p.position_group };
    ds.players.set(p.id, row);
  }
  for (const t of transfers.rows) {
    const row = transferRow(t);
    ds.transfers.push(row);
    const legs = ds.transfersByPlayer.get(row.playerId);
    if (legs) legs.push(row);
    else ds.transfersByPlayer.set(row.playerId, [row]);
  }
  for (const legs of ds.transfersByPlayer.values()) chainSameDay(legs);
  for (const g of signals.rows) addSignalGroup(ds, g);
  for (const r of others.rows) {
    addSignalGroup(ds, { entity_type: 'player', player_id: r.player_id, club_id: null, signal_type: 'market_value', rows: [[ms(r.f), ms(r.o), r.e === null ? null : ms(r.e), r.v, null]] });
  }
  assertNoLeak(ds, asOf);
  return ds;
}

export function emptyDataset(asOf: Ms): Dataset {
  return {
    asOf,
    competitions: new Map(),
    clubs: new Map(),
    players: new Map(),
    transfers: [],
    transfersByPlayer: new Map(),
    playerSignals: new Map(),
    clubSignals: new Map(),
    pairSignals: new Map(),
  };
}

/**
 * The ledger after T, for scoring forecasts made at T: non-superseded moves in (T, T + days], grouped by player.
 * Never part of a Dataset: only the scoring side of a backtest or an evaluation reads it.
 */
export async function loadOutcomes(db: Db, asOf: Date, days: number): Promise<Map<string, TransferRow[]>> {
  const T = asOf.toISOString();
  const res = await db.execute<TransferSqlRow>(
    sql`SELECT player_id, from_club_id, to_club_id, transfer_type, ${epoch('transfer_date')} AS d, fee_amount_eur AS fee, market_value_eur AS mv
        FROM transfer_events
        WHERE NOT is_superseded AND transfer_date > (${T}::timestamptz AT TIME ZONE 'UTC')::date
          AND transfer_date <= (${T}::timestamptz AT TIME ZONE 'UTC')::date + ${days}::int
        ORDER BY transfer_date, player_id, created_at, event_id`,
  );
  const byPlayer = new Map<string, TransferRow[]>();
  for (const t of res.rows) {
    const row = transferRow(t);
    const legs = byPlayer.get(row.playerId);
    if (legs) legs.push(row);
    else byPlayer.set(row.playerId, [row]);
  }
  for (const legs of byPlayer.values()) chainSameDay(legs);
  return byPlayer;
}

/**
 * The last day the source followed each player who left its coverage (ingest/coverage.ts), as known at T, as rows
 * (player_id, until): his windows that end later are censored (censoring.ts). A subquery, so that `evaluate` joins it
 * inside its scoring statement and the backtest reads it alone.
 */
export function followedUntilAt(asOf: Date) {
  const T = asOf.toISOString();
  return sql`SELECT DISTINCT ON (player_id) player_id, value_text::date AS until FROM signal_events
     WHERE signal_type = 'ledger_followed_until' AND observed_at <= ${T}::timestamptz AND effective_from <= ${T}::timestamptz
     ORDER BY player_id, observed_at DESC`;
}

export async function loadFollowedUntil(db: Db, asOf: Date): Promise<Map<string, Ms>> {
  const res = await db.execute<{ player_id: string; d: string }>(sql`SELECT player_id, ${epoch('until')} AS d FROM (${followedUntilAt(asOf)}) f`);
  return new Map(res.rows.map((r) => [r.player_id, ms(r.d)]));
}

/**
 * Legs on the same day are ordered so that a leg arriving at a club comes before the leg leaving it
 * (a loan return, then the sale), whatever order the rows were inserted in.
 */
export function chainSameDay(legs: TransferRow[]): void {
  for (let i = 0; i < legs.length; ) {
    let j = i + 1;
    while (j < legs.length && legs[j]!.date === legs[i]!.date) j++;
    if (j - i > 1) {
      const day = legs.slice(i, j);
      const ordered: TransferRow[] = [];
      const arrivals = new Set(day.map((t) => t.toClubId));
      // Start from the leg whose origin no other same-day leg arrives at, then follow the chain.
      let next = day.find((t) => !t.fromClubId || !arrivals.has(t.fromClubId)) ?? day[0]!;
      while (ordered.length < day.length) {
        ordered.push(next);
        const follow = day.find((t) => !ordered.includes(t) && t.fromClubId === next.toClubId) ?? day.find((t) => !ordered.includes(t));
        if (!follow) break;
        next = follow;
      }
      legs.splice(i, j - i, ...ordered);
    }
    i = j;
  }
}

function addSignalGroup(ds: Dataset, g: SignalGroup) {
  const series: SignalSeries = { from: [], observed: [], to: [], num: [], json: [] };
  for (const [from, observed, to, num, json] of g.rows) {
    series.from.push(ms(from));
    series.observed.push(ms(observed));
    series.to.push(to === null ? Infinity : ms(to));
    series.num.push(num);
    series.json.push(json);
  }
  const put = <K>(map: Map<K, Map<string, SignalSeries>>, key: K) => {
    let byType = map.get(key);
    if (!byType) map.set(key, (byType = new Map()));
    byType.set(g.signal_type, series);
  };
  if (g.entity_type === 'player' && g.player_id) put(ds.playerSignals, g.player_id);
  else if (g.entity_type === 'club' && g.club_id) put(ds.clubSignals, g.club_id);
  else if (g.entity_type === 'club_player_pair' && g.player_id && g.club_id) {
    let byType = ds.pairSignals.get(g.player_id);
    if (!byType) ds.pairSignals.set(g.player_id, (byType = new Map()));
    let byClub = byType.get(g.signal_type);
    if (!byClub) byType.set(g.signal_type, (byClub = new Map()));
    byClub.set(g.club_id, series);
  }
}
