// View models the pages render, and the normalisers that build them from API JSON. Field names follow the API
// (original-api.md §4, snake_case); links use the slug when the API gives one, else the id (the API accepts both).
import { num } from './api';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = Record<string, any>;

export interface ClubRef { id: string; key: string; name: string; country: string | null }
export interface Driver { label: string; value: number }
export interface Prediction {
  toClub: ClubRef | null;
  horizon: number;
  probability: number;
  asOf: string | null;
  windowEnd: string | null;
  drivers: Driver[];
}
export interface PlayerRef { id: string; key: string; name: string; position: string | null; age: number | null }
export interface Change { description: string; severity: 'info' | 'warning' | 'alert'; observedAt: string | null; changePercent: number | null }
export interface Transfer {
  id: string;
  date: string | null;
  player: PlayerRef | null;
  from: ClubRef | null;
  to: ClubRef | null;
  fee: number | null;
  type: string | null;
}
export interface MarketRow {
  player: PlayerRef;
  from: ClubRef | null;
  to: ClubRef | null;
  horizon: number;
  probability: number;
  previous: number | null;
  marketValue: number | null;
  contractMonths: number | null;
  asOf: string | null;
}

const str = (v: unknown): string | null => (v == null || v === '' ? null : String(v));

/** A club from either a nested object (`current_club: {...}`) or prefixed flat fields (`to_club_id`, `to_club_name`). */
export function clubRef(raw: Raw | null | undefined, prefix = ''): ClubRef | null {
  if (!raw) return null;
  const nested = prefix ? raw[prefix.replace(/_$/, '')] : null;
  if (nested && typeof nested === 'object') return clubRef(nested);
  const id = str(raw[`${prefix}id`]);
  if (!id) return null;
  return {
    id,
    key: str(raw[`${prefix}slug`]) ?? id,
    name: str(raw[`${prefix}name`]) ?? 'Unknown club',
    country: str(raw[`${prefix}country`]),
  };
}

export function playerRef(raw: Raw, prefix = 'player_'): PlayerRef {
  const id = String(raw[`${prefix}id`] ?? raw.id);
  return {
    id,
    key: str(raw[`${prefix}slug`]) ?? str(raw.slug) ?? id,
    name: str(raw[`${prefix}name`]) ?? str(raw.name) ?? 'Unknown',
    position: str(raw[`${prefix}position`]) ?? str(raw.position),
    age: num(raw[`${prefix}age`] ?? raw.age),
  };
}

/** Drivers arrive as a list of `{label|feature, contribution|value}` or as a flat `{name: share}` object. */
export function drivers(raw: Raw): Driver[] {
  const src = raw.drivers ?? raw.drivers_json;
  let list: Driver[] = [];
  if (Array.isArray(src)) {
    list = src
      .map((d: Raw) => ({ label: String(d.label ?? d.name ?? d.feature ?? ''), value: num(d.contribution ?? d.value ?? d.share) ?? 0 }))
      .filter((d) => d.label);
  } else if (src && typeof src === 'object') {
    list = Object.entries(src as Raw).map(([k, v]) => ({ label: k, value: num(v) ?? 0 }));
  }
  return list.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
}

export function prediction(raw: Raw): Prediction {
  return {
    toClub: clubRef(raw, 'to_club_'),
    horizon: num(raw.horizon_days) ?? 90,
    probability: num(raw.probability) ?? 0,
    asOf: str(raw.as_of),
    windowEnd: str(raw.window_end),
    drivers: drivers(raw),
  };
}

export function transfer(raw: Raw): Transfer {
  return {
    id: String(raw.id ?? raw.event_id),
    date: str(raw.transfer_date),
    player: raw.player_id ? playerRef(raw) : null,
    from: clubRef(raw, 'from_club_'),
    to: clubRef(raw, 'to_club_'),
    fee: num(raw.fee_amount_eur),
    type: str(raw.transfer_type),
  };
}

export function marketRow(raw: Raw): MarketRow {
  return {
    player: playerRef(raw),
    from: clubRef(raw, 'from_club_'),
    to: clubRef(raw, 'to_club_'),
    horizon: num(raw.horizon_days) ?? 90,
    probability: num(raw.probability) ?? 0,
    previous: null,
    marketValue: num(raw.market_value),
    contractMonths: num(raw.contract_months_remaining),
    asOf: str(raw.as_of),
  };
}

export function change(raw: Raw): Change {
  const sev = raw.severity === 'alert' || raw.severity === 'warning' ? raw.severity : 'info';
  return {
    description: str(raw.description) ?? str(raw.signal_type) ?? 'Change',
    severity: sev,
    observedAt: str(raw.observed_at),
    changePercent: num(raw.change_percent),
  };
}
