// One function per API resource the site reads. Each returns view models (models.ts) or null for "not found".
import { getJson, type ApiTransport } from './api';
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
  const raw = await getJson<Raw>(api, 'Loading the market table', `${V1}/market/latest`, {
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
  const raw = await getJson<Raw>(api, 'Loading the biggest movers', `${V1}/market/movers`, { as_of: asOf, horizon_days: horizon, limit });
  return m.listOf(raw, 'movers', 'predictions').map(m.marketRow);
}

export async function transfers(api: ApiTransport, q: { asOf: string | null; club?: string; player?: string; limit: number }): Promise<m.Transfer[]> {
  const raw = await getJson<Raw>(api, 'Loading confirmed transfers', `${V1}/transfers`, { as_of: q.asOf, club_id: q.club, player_id: q.player, limit: q.limit });
  return m.listOf(raw, 'transfers').map(m.transfer);
}

export async function search(api: ApiTransport, q: string, limit: number): Promise<Raw[]> {
  const raw = await getJson<Raw>(api, 'Searching', `${V1}/search`, { q, limit });
  return m.listOf(raw, 'results');
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
  predictions: m.Prediction[];
  changes: m.Change[];
  history: m.Transfer[];
  freshness: Freshness;
}

export async function player(api: ApiTransport, key: string, asOf: string | null): Promise<PlayerDetail | null> {
  const raw = await getJson<Raw>(api, 'Loading the player', `${V1}/players/${encodeURIComponent(key)}`, { as_of: asOf });
  if (!raw) return null;
  const preds = Array.isArray(raw.latest_predictions)
    ? raw.latest_predictions
    : // Grouped by horizon: { "90": { any_move, destinations: [...] } } or [{ horizon_days, any_move, destinations }]
      Object.values(raw.predictions ?? {}).flatMap((g: any) => [
        ...(g.any_move ? [{ ...g.any_move, horizon_days: g.any_move.horizon_days ?? g.horizon_days }] : []),
        ...(g.destinations ?? []).map((d: Raw) => ({ ...d, horizon_days: d.horizon_days ?? g.horizon_days })),
      ]);
  return {
    id: String(raw.id),
    key: raw.slug ?? String(raw.id),
    name: raw.name,
    position: raw.position ?? null,
    nationality: raw.nationality ?? null,
    age: raw.age ?? null,
    dateOfBirth: raw.date_of_birth ?? null,
    club: m.clubRef(raw, 'current_club_'),
    marketValue: raw.market_value == null ? null : Number(raw.market_value),
    contractUntil: raw.contract_until ?? null,
    contractMonths: raw.contract_months_remaining ?? null,
    predictions: preds.map(m.prediction),
    changes: (raw.what_changed ?? []).map(m.change),
    history: (raw.transfer_history ?? []).map(m.transfer),
    freshness: freshness(raw),
  };
}

export async function playerPredictions(api: ApiTransport, key: string, q: { asOf: string | null; horizon: number; limit: number }): Promise<m.Prediction[]> {
  const raw = await getJson<Raw>(api, 'Loading the probability history', `${V1}/players/${encodeURIComponent(key)}/predictions`, {
    as_of: q.asOf,
    horizon_days: q.horizon,
    limit: q.limit,
  });
  return m.listOf(raw, 'predictions').map(m.prediction);
}

export interface ValuePoint { date: string; value: number }
export async function marketValueHistory(api: ApiTransport, key: string, asOf: string | null): Promise<ValuePoint[]> {
  const raw = await getJson<Raw>(api, 'Loading the market-value history', `${V1}/players/${encodeURIComponent(key)}/signals`, {
    as_of: asOf,
    signal_type: 'market_value',
    limit: 200,
  });
  return m
    .listOf(raw, 'signals')
    .map((s) => ({ date: String(s.effective_from ?? s.observed_at).slice(0, 10), value: Number(s.value_num ?? s.value) }))
    .filter((p) => Number.isFinite(p.value));
}

export interface SquadMember { player: m.PlayerRef; leaving: number | null }
export interface ClubDetail {
  id: string;
  key: string;
  name: string;
  country: string | null;
  competition: string | null;
  stadium: string | null;
  squad: SquadMember[];
  outgoing: m.MarketRow[];
  incoming: m.MarketRow[];
  transfersIn: m.Transfer[];
  transfersOut: m.Transfer[];
  freshness: Freshness;
}

export async function club(api: ApiTransport, key: string, asOf: string | null): Promise<ClubDetail | null> {
  const raw = await getJson<Raw>(api, 'Loading the club', `${V1}/clubs/${encodeURIComponent(key)}`, { as_of: asOf });
  if (!raw) return null;
  return {
    id: String(raw.id),
    key: raw.slug ?? String(raw.id),
    name: raw.name,
    country: raw.country ?? null,
    competition: raw.competition?.name ?? null,
    stadium: raw.stadium ?? raw.stadium_name ?? null,
    squad: (raw.squad ?? []).map((p: Raw) => ({
      player: m.playerRef(p, ''),
      leaving: p.p_leaving ?? p.probability_leaving ?? p.leave_probability ?? null,
    })),
    outgoing: (raw.outgoing_probabilities ?? []).map(m.marketRow),
    incoming: (raw.incoming_probabilities ?? []).map(m.marketRow),
    transfersIn: (raw.recent_transfers_in ?? raw.transfers_in ?? []).map(m.transfer),
    transfersOut: (raw.recent_transfers_out ?? raw.transfers_out ?? []).map(m.transfer),
    freshness: freshness(raw),
  };
}

export async function models(api: ApiTransport): Promise<Raw[]> {
  const raw = await getJson<Raw>(api, 'Loading the model track record', `${V1}/models`);
  return m.listOf(raw, 'models');
}

export async function model(api: ApiTransport, version: string): Promise<Raw | null> {
  return getJson<Raw>(api, 'Loading the model', `${V1}/models/${encodeURIComponent(version)}`);
}
