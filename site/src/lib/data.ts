// One function per API resource the site reads. Each returns view models (models.ts) or null for "not found".
import { clientFor, getJson, requireJson, unwrap, type ApiTransport } from './api';
import * as m from './models';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = Record<string, any>;

export interface Freshness { dataAsOf: string | null; predictionsAsOf: string | null }
export const freshness = (raw: Raw | null | undefined): Freshness => ({
  dataAsOf: raw?.freshness?.data_as_of ?? raw?.data_as_of ?? null,
  predictionsAsOf: raw?.freshness?.predictions_as_of ?? null,
});

const V1 = '/api/v1';

export interface MarketQuery {
  asOf: string | null;
  horizon: number;
  competition?: string | null;
  club?: string | null;
  position?: string | null;
  minProbability?: number | null;
  sort?: string | null;
  limit: number;
  cursor?: string | null;
}

export interface MarketPage { rows: m.MarketRow[]; total: number | null; nextCursor: string | null; freshness: Freshness }

export async function marketLatest(api: ApiTransport, q: MarketQuery): Promise<MarketPage> {
  const raw = await requireJson<Raw>(api, 'Loading the market table', `${V1}/market/latest`, {
    as_of: q.asOf,
    horizon_days: q.horizon,
    competition_id: q.competition,
    club_id: q.club,
    position: q.position,
    min_probability: q.minProbability,
    sort: q.sort,
    limit: q.limit,
    cursor: q.cursor,
  });
  return {
    rows: m.listOf(raw, 'predictions').map(m.marketRow),
    total: typeof raw?.total === 'number' ? raw.total : null,
    nextCursor: raw?.next_cursor ?? null,
    freshness: freshness(raw),
  };
}

export async function marketMovers(api: ApiTransport, asOf: string | null, horizon: number, limit: number): Promise<m.MarketRow[]> {
  const raw = await requireJson<Raw>(api, 'Loading the biggest movers', `${V1}/market/movers`, { as_of: asOf, horizon_days: horizon, limit });
  return m.listOf(raw, 'movers', 'predictions').map(m.marketRow);
}

export async function transfers(api: ApiTransport, q: { asOf: string | null; club?: string; player?: string; limit: number }): Promise<m.Transfer[]> {
  const raw = await requireJson<Raw>(api, 'Loading confirmed transfers', `${V1}/transfers`, { as_of: q.asOf, club_id: q.club, player_id: q.player, limit: q.limit });
  return m.listOf(raw, 'transfers').map(m.transfer);
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
  history: m.Transfer[];
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
    club: raw.current_club ? { id: raw.current_club.id, key: raw.current_club.slug, name: raw.current_club.name, country: raw.current_club.country } : null,
    marketValue: raw.market_value,
    contractUntil: raw.contract_until,
    contractMonths: raw.contract_months_remaining,
    predictions,
    changes: raw.what_changed.map(m.change),
    history: raw.transfer_history.map(m.transfer),
    freshness: freshness(raw),
  };
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

export async function models(api: ApiTransport): Promise<Raw[]> {
  const raw = await requireJson<Raw>(api, 'Loading the model track record', `${V1}/models`);
  return m.listOf(raw, 'models');
}

export async function model(api: ApiTransport, version: string): Promise<Raw | null> {
  return getJson<Raw>(api, 'Loading the model', `${V1}/models/${encodeURIComponent(version)}`);
}
