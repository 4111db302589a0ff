// Value formatting rules (original-web.md §2.6), kept exact so strings match across the product.

const EMPTY = '-';

export function formatCurrency(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return EMPTY;
  if (Math.abs(v) >= 1_000_000) return `€${(v / 1_000_000).toFixed(1)}M`;
  if (Math.abs(v) >= 1_000) return `€${Math.round(v / 1_000)}K`;
  return `€${Math.round(v)}`;
}

export function formatProbability(p: number | null | undefined): string {
  if (p == null || !Number.isFinite(p)) return EMPTY;
  return `${(p * 100).toFixed(1)}%`;
}

/** Integer percent, for share text. */
export function formatPercentInt(p: number): string {
  return `${Math.round(p * 100)}%`;
}

/** Short form for big figures (OG cards): integer from 10%, one decimal below, so 1.4% does not read as 1%. */
export function formatProbabilityShort(p: number): string {
  return p >= 0.1 ? formatPercentInt(p) : formatProbability(p);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `D Mon YYYY` in UTC (dates are calendar dates; the server's time zone must not shift them). */
export function formatDate(d: string | Date | null | undefined): string {
  if (d == null) return EMPTY;
  const date = typeof d === 'string' ? new Date(d.length === 10 ? `${d}T00:00:00Z` : d) : d;
  if (Number.isNaN(date.getTime())) return EMPTY;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export function formatRelative(d: string | Date, now: Date): string {
  const date = typeof d === 'string' ? new Date(d) : d;
  const mins = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins}m ago`;
  const hours = Math.floor(mins / 60);
  if (hours < 24) return `${hours}h ago`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days}d ago`;
  return formatDate(date);
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function initials(name: string): string {
  return name
    .split(' ')
    .filter(Boolean)
    .map((w) => w[0])
    .join('')
    .slice(0, 2);
}

export function signedPercent(x: number, digits = 1): string {
  const v = (x * 100).toFixed(digits);
  return x > 0 ? `+${v}%` : `${v}%`;
}

/** Percentage points, for probability deltas (a move from 10% to 15% is +5.0 pp, not +50%). */
export function formatPoints(delta: number): string {
  const v = (delta * 100).toFixed(1);
  return delta > 0 ? `+${v} pp` : delta < 0 ? `${v.replace('-', '−')} pp` : '0.0 pp';
}

export function ageFrom(dob: string | null | undefined, on: Date): number | null {
  if (!dob) return null;
  const b = new Date(`${dob.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(b.getTime())) return null;
  let age = on.getUTCFullYear() - b.getUTCFullYear();
  const m = on.getUTCMonth() - b.getUTCMonth();
  if (m < 0 || (m === 0 && on.getUTCDate() < b.getUTCDate())) age -= 1;
  return age;
}

/** Probability tier (higher = hotter). Returned as a class suffix and a word, so meaning is not colour-only. */
export type Tier = 'hot' | 'high' | 'mid' | 'low';
export function probabilityTier(p: number): Tier {
  if (p >= 0.7) return 'hot';
  if (p >= 0.4) return 'high';
  if (p >= 0.2) return 'mid';
  return 'low';
}

export type PositionGroup = 'att' | 'mid' | 'def' | 'gk' | 'other';
const POSITION_GROUPS: Record<string, PositionGroup> = {
  ST: 'att', CF: 'att', LW: 'att', RW: 'att', SS: 'att',
  CAM: 'mid', CM: 'mid', CDM: 'mid', LM: 'mid', RM: 'mid', AM: 'mid', DM: 'mid',
  CB: 'def', LB: 'def', RB: 'def', LWB: 'def', RWB: 'def',
  GK: 'gk',
};
export function positionGroup(pos: string | null | undefined): PositionGroup {
  if (!pos) return 'other';
  const key = pos.toUpperCase();
  if (POSITION_GROUPS[key]) return POSITION_GROUPS[key];
  // The real dataset also carries coarse positions (Attack/Midfield/Defender/Goalkeeper).
  if (/^att|forward|striker|winger/i.test(pos)) return 'att';
  if (/^mid/i.test(pos)) return 'mid';
  if (/^def|back/i.test(pos)) return 'def';
  if (/^goal|keeper/i.test(pos)) return 'gk';
  return 'other';
}

export type ContractTier = 'urgent' | 'soon' | 'normal';
export function contractTier(months: number): ContractTier {
  if (months <= 12) return 'urgent';
  if (months <= 24) return 'soon';
  return 'normal';
}

/** Months between two calendar dates (whole months, floor, never negative). */
export function monthsBetween(from: Date, until: string | null | undefined): number | null {
  if (!until) return null;
  const u = new Date(`${until.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(u.getTime())) return null;
  let m = (u.getUTCFullYear() - from.getUTCFullYear()) * 12 + (u.getUTCMonth() - from.getUTCMonth());
  if (u.getUTCDate() < from.getUTCDate()) m -= 1;
  return Math.max(0, m);
}

const DRIVER_RENAMES: Record<string, string> = {
  'Contract Months Remaining': 'Contract',
  'User Destination Cooccurrence': 'Interest',
};

/** Fallback label for a driver key the API did not label: `market_value_trend` → `Market Value Trend`. */
export function driverLabel(key: string): string {
  const title = key
    .replace(/_/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\b\w/g, (c) => c.toUpperCase());
  return DRIVER_RENAMES[title] ?? title;
}
