// View models the pages render, and the normalisers that build them from the API's JSON (ProbabilityRow,
// PredictionBrief, TransferBrief, Change in workers/api). Links use the slug when the API gives one, else the id
// (the API accepts both).
import { num } from './api';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = Record<string, any>;

export interface ClubRef {
  id: string;
  key: string;
  /** The club's name; for a status pseudo-club, the state as a phrase ("Without club", "Retired"). */
  name: string;
  country: string | null;
  /**
   * A Transfermarkt status pseudo-club (the API's `is_status` flag): a state, not a club, with no club page (the API
   * answers 404), so it is shown as plain text.
   */
  isStatus: boolean;
}
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
export interface Change { description: string; severity: 'info' | 'warning' | 'alert'; observedAt: string | null }
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
  /** Probability at the start of a movers window (movers only). */
  previous: number | null;
  marketValue: number | null;
  contractMonths: number | null;
  asOf: string | null;
}

const str = (v: unknown): string | null => (v == null || v === '' ? null : String(v));

/** "Without Club" reads as a state: "Without club". */
const statusLabel = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();

/**
 * A club from prefixed flat fields (`to_club_id`, `to_club_slug`, `to_club_name`, `to_club_is_status`), or from a
 * nested club object with prefix '' (`id`, `slug`, `name`, `country`, `is_status`).
 */
export function clubRef(raw: Raw, prefix: string): ClubRef | null {
  const id = str(raw[`${prefix}id`]);
  if (!id) return null;
  const isStatus = raw[`${prefix}is_status`] === true;
  const name = str(raw[`${prefix}name`]) ?? 'Unknown club';
  return { id, key: str(raw[`${prefix}slug`]) ?? id, name: isStatus ? statusLabel(name) : name, country: str(raw[`${prefix}country`]), isStatus };
}

function playerRef(raw: Raw): PlayerRef {
  const id = String(raw.player_id);
  return { id, key: str(raw.player_slug) ?? id, name: str(raw.player_name) ?? 'Unknown', position: str(raw.player_position), age: num(raw.player_age) };
}

/**
 * Drivers as the pipeline publishes them (`[{feature, label, value, contribution}]`, largest first), or a flat
 * `{name: share}` object (the original format); strongest first either way.
 */
export function drivers(src: unknown): Driver[] {
  const list: Driver[] = Array.isArray(src)
    ? (src as Raw[]).map((d) => ({ label: String(d.label ?? d.feature ?? ''), value: num(d.contribution) ?? 0 })).filter((d) => d.label)
    : src && typeof src === 'object'
      ? Object.entries(src as Raw).map(([k, v]) => ({ label: k, value: num(v) ?? 0 }))
      : [];
  return list.sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
}

export function prediction(raw: Raw): Prediction {
  return {
    toClub: clubRef(raw, 'to_club_'),
    horizon: Number(raw.horizon_days),
    probability: Number(raw.probability),
    asOf: str(raw.as_of),
    windowEnd: str(raw.window_end),
    drivers: drivers(raw.drivers_json),
  };
}

export function transfer(raw: Raw): Transfer {
  return {
    id: String(raw.id),
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
    horizon: Number(raw.horizon_days),
    probability: Number(raw.probability),
    previous: null,
    marketValue: num(raw.market_value),
    contractMonths: num(raw.contract_months_remaining),
    asOf: str(raw.as_of),
  };
}

export function change(raw: Raw): Change {
  const sev = raw.severity === 'alert' || raw.severity === 'warning' ? raw.severity : 'info';
  return { description: str(raw.description) ?? 'Change', severity: sev, observedAt: str(raw.observed_at) };
}
