// One function per API resource the site reads. Each returns view models (models.ts) or null for "not found".
import { ApiError, clientFor, unwrap, type ApiTransport } from './api';
import { evaluation, pooled } from './accuracy';
import * as m from './models';

/** How fresh the data behind a response is (every read response carries it). */
export interface Freshness { dataAsOf: string | null; answeredAsOf: string }
export const freshness = (raw: { data_as_of: string | null; as_of: string }): Freshness => ({ dataAsOf: raw.data_as_of, answeredAsOf: raw.as_of });

export interface MarketQuery {
  asOf: string | null;
  horizon: 30 | 90 | 180;
  competition?: string | null;
  club?: string | null;
  position?: string | null;
  minProbability?: number | null;
  kind?: 'any' | 'destination';
  limit: number;
  cursor?: string | null;
}

export interface MarketPage { rows: m.MarketRow[]; nextCursor: string | null; freshness: Freshness }

/** One page of the probability table, most likely first (the API's only order). */
export async function marketLatest(api: ApiTransport, q: MarketQuery): Promise<MarketPage> {
  const raw = await unwrap('Loading the market table', () =>
    clientFor(api).api.v1.market.latest.$get({
      query: {
        as_of: q.asOf ?? undefined,
        horizon_days: String(q.horizon) as '90',
        competition_id: q.competition ?? undefined,
        club_id: q.club ?? undefined,
        // market-params.ts accepts only codes and groups the API's position enum lists.
        position: (q.position ?? undefined) as 'ST' | undefined,
        min_probability: q.minProbability == null ? undefined : String(q.minProbability),
        kind: q.kind,
        limit: String(q.limit),
        cursor: q.cursor ?? undefined,
      },
    }),
  );
  if (!raw) throw new ApiError(502, 'Loading the market table', 'the API has no market table');
  return { rows: raw.predictions.map(m.marketRow), nextCursor: raw.next_cursor, freshness: freshness(raw) };
}

/**
 * The newest data the API has (data_as_of of a current read), for the footer of past views, whose own responses
 * only know what was visible at their as_of. One row of the market table: the API's edge cache serves it.
 */
export async function latestDataDate(api: ApiTransport): Promise<string | null> {
  return (await marketLatest(api, { asOf: null, horizon: 90, limit: 1 })).freshness.dataAsOf;
}

export async function marketMovers(api: ApiTransport, q: { asOf: string | null; horizon: 30 | 90 | 180; windowDays: number; limit: number }): Promise<m.MarketRow[]> {
  const raw = await unwrap('Loading the biggest movers', () =>
    clientFor(api).api.v1.market.movers.$get({
      query: { as_of: q.asOf ?? undefined, horizon_days: String(q.horizon) as '90', window_days: String(q.windowDays), limit: String(q.limit), kind: 'destination' },
    }),
  );
  return (raw?.movers ?? []).map((r) => ({ ...m.marketRow(r), previous: r.start_probability ?? 0 }));
}

export async function transfers(api: ApiTransport, q: { asOf: string | null; club?: string; player?: string; limit: number }): Promise<m.Transfer[]> {
  const raw = await unwrap('Loading confirmed transfers', () =>
    clientFor(api).api.v1.transfers.$get({ query: { as_of: q.asOf ?? undefined, club_id: q.club, player_id: q.player, limit: String(q.limit) } }),
  );
  return (raw?.items ?? []).map(m.transfer);
}

export async function search(api: ApiTransport, q: string, limit: number, type?: 'player' | 'club') {
  const body = await unwrap('Searching', () => clientFor(api).api.v1.search.$get({ query: { q, limit: String(limit), type } }));
  return body?.results ?? [];
}

export interface PlayerDetail {
  id: string;
  key: string;
  name: string;
  position: string | null;
  nationality: string | null;
  age: number | null;
  dateOfBirth: string | null;
  club: m.ClubRef | null;
  marketValue: number | null;
  contractUntil: string | null;
  contractMonths: number | null;
  /** P(any move) rows (toClub null) and named destinations, every horizon. */
  predictions: m.Prediction[];
  changes: m.Change[];
  changesWindow: { start: string; end: string };
  history: m.Transfer[];
  /** When the data source stopped recording his moves (he left the covered leagues), as known at T; else null. */
  followedUntil: string | null;
  freshness: Freshness;
}

export async function player(api: ApiTransport, key: string, asOf: string | null): Promise<PlayerDetail | null> {
  const raw = await unwrap('Loading the player', () => clientFor(api).api.v1.players[':id'].$get({ param: { id: key }, query: { as_of: asOf ?? undefined } }));
  if (!raw) return null;
  const predictions = raw.predictions.flatMap((h): m.Prediction[] => [
    ...(h.p_move == null ? [] : [{ toClub: null, horizon: h.horizon_days, probability: h.p_move, asOf: h.as_of, windowEnd: h.window_end, drivers: [] }]),
    ...h.top_destinations.map(m.prediction),
  ]);
  return {
    id: raw.id,
    key: raw.slug,
    name: raw.name,
    position: raw.position,
    nationality: raw.nationality,
    age: raw.age,
    dateOfBirth: raw.date_of_birth,
    club: raw.current_club ? m.clubRef(raw.current_club, '') : null,
    marketValue: raw.market_value,
    contractUntil: raw.contract_until,
    contractMonths: raw.contract_months_remaining,
    predictions,
    changes: raw.what_changed.map(m.change),
    changesWindow: { start: raw.what_changed_window.start, end: raw.what_changed_window.end },
    history: raw.transfer_history.map(m.transfer),
    followedUntil: followedUntil(raw.latest_signals.ledger_followed_until?.value),
    freshness: freshness(raw),
  };
}

/** The ledger_followed_until signal's value (an ISO day), or null when absent or malformed. */
function followedUntil(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

export async function playerPredictions(api: ApiTransport, key: string, q: { asOf: string | null; horizon: 30 | 90 | 180; limit: number }): Promise<m.Prediction[]> {
  const body = await unwrap('Loading the probability history', () =>
    clientFor(api).api.v1.players[':id'].predictions.$get({ param: { id: key }, query: { as_of: q.asOf ?? undefined, horizon_days: String(q.horizon) as '90', limit: String(q.limit) } }),
  );
  return (body?.items ?? []).map(m.prediction);
}

export interface ValuePoint { date: string; value: number }
export async function marketValueHistory(api: ApiTransport, key: string, asOf: string | null): Promise<ValuePoint[]> {
  const body = await unwrap('Loading the market-value history', () =>
    clientFor(api).api.v1.players[':id'].signals.$get({ param: { id: key }, query: { as_of: asOf ?? undefined, signal_type: 'market_value', include_ended: 'true', limit: '500' } }),
  );
  return (body?.items ?? [])
    .filter((s) => s.value_num != null)
    .map((s) => ({ date: s.effective_from.slice(0, 10), value: s.value_num! }));
}

export interface SquadMember { player: m.PlayerRef; leaving: number | null }
export interface ClubDetail {
  id: string;
  key: string;
  name: string;
  country: string | null;
  competition: string | null;
  stadium: string | null;
  horizon: number;
  squad: SquadMember[];
  outgoing: m.MarketRow[];
  incoming: m.MarketRow[];
  transfersIn: m.Transfer[];
  transfersOut: m.Transfer[];
  freshness: Freshness;
}

export async function club(api: ApiTransport, key: string, asOf: string | null): Promise<ClubDetail | null> {
  const raw = await unwrap('Loading the club', () => clientFor(api).api.v1.clubs[':id'].$get({ param: { id: key }, query: { as_of: asOf ?? undefined } }));
  if (!raw) return null;
  return {
    id: raw.id,
    key: raw.slug,
    name: raw.name,
    country: raw.country,
    competition: raw.competition?.name ?? null,
    stadium: raw.stadium,
    horizon: raw.horizon_days,
    squad: raw.squad.map((p) => ({ player: { id: p.id, key: p.slug, name: p.name, position: p.position, age: p.age }, leaving: p.p_leave })),
    outgoing: raw.outgoing_probabilities.map(m.marketRow),
    incoming: raw.incoming_probabilities.map(m.marketRow),
    transfersIn: raw.recent_transfers_in.map(m.transfer),
    transfersOut: raw.recent_transfers_out.map(m.transfer),
    freshness: freshness(raw),
  };
}

export async function models(api: ApiTransport, asOf: string | null) {
  const raw = await unwrap('Loading the model track record', () => clientFor(api).api.v1.models.$get({ query: { as_of: asOf ?? undefined } }));
  return raw?.models ?? [];
}

/** Every model version's scored months and their pooled summary per horizon and type. */
export async function trackRecord(api: ApiTransport, asOf: string | null) {
  const raw = await unwrap('Loading the track record', () => clientFor(api).api.v1['track-record'].$get({ query: { as_of: asOf ?? undefined } }));
  return { evaluations: (raw?.evaluations ?? []).map(evaluation), summary: (raw?.summary ?? []).map(pooled) };
}
