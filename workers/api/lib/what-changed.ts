/**
 * "What changed" on a player page: pure rules over each signal's value at the window's start and end, and each
 * destination's probability at both edges. The baseline is the value in force at the start (so a change from a
 * value set before the window to one set inside it counts, which the original missed).
 */
import type { ProbabilityEdgeRow, SignalValueRow } from '../../../db/queries/players';

export type Severity = 'alert' | 'warning' | 'info';

export interface Change {
  kind: 'signal' | 'probability';
  signal_type: string | null;
  horizon_days: number | null;
  to_club_id: string | null;
  to_club_name: string | null;
  to_club_is_status: boolean | null;
  description: string;
  old_value: unknown;
  new_value: unknown;
  change_percent: number | null;
  severity: Severity;
  observed_at: string | null;
}

export type SignalEdge = SignalValueRow;
export type ProbabilityEdge = ProbabilityEdgeRow;

const RANK: Record<Severity, number> = { alert: 0, warning: 1, info: 2 };
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const fmt = (n: number) => String(Number(n.toFixed(2)));
const pct = (old: number, now: number) => Math.round(((now - old) / old) * 1000) / 10;
const pp = (p: number) => `${Math.round(p * 1000) / 10}%`;

type Rule = (old: unknown, now: unknown) => Pick<Change, 'description' | 'severity' | 'change_percent'> | undefined;

function relative(threshold: number, label: string, alertFactor: number): Rule {
  return (old, now) => {
    const [o, n] = [num(old), num(now)];
    if (o === null || n === null || o === 0) return undefined;
    const change = pct(o, n);
    if (Math.abs(change) < threshold) return undefined;
    return { description: `${label} ${n > o ? 'up' : 'down'} to ${fmt(n)}`, severity: n > alertFactor * o ? 'alert' : 'warning', change_percent: change };
  };
}

function countChange(label: string, minDelta: number): Rule {
  return (old, now) => {
    const [o, n] = [num(old), num(now)];
    if (o === null || n === null || Math.abs(n - o) < minDelta) return undefined;
    return { description: `${label}: ${fmt(o)} → ${fmt(n)}`, severity: 'info', change_percent: null };
  };
}

const RULES: Record<string, Rule> = {
  market_value: (old, now) => {
    const [o, n] = [num(old), num(now)];
    if (o === null || n === null || o === 0) return undefined;
    const change = pct(o, n);
    if (Math.abs(change) < 10) return undefined;
    return {
      description: `Market value ${n > o ? 'up' : 'down'} to €${fmt(n / 1e6)}M`,
      severity: Math.abs(change) > 20 ? 'alert' : 'warning',
      change_percent: change,
    };
  },
  contract_months_remaining: (old, now) => {
    const [o, n] = [num(old), num(now)];
    if (o === null || n === null || !(o > 6 && n <= 6)) return undefined;
    return { description: `Contract down to ${fmt(n)} months remaining`, severity: 'alert', change_percent: null };
  },
  contract_expiry: (old, now) =>
    old !== null && now !== null && old !== now ? { description: `Contract now runs until ${String(now)}`, severity: 'warning', change_percent: null } : undefined,
  injuries_status: (old, now) =>
    now !== null && old !== now && !(old === null && now === 'fit')
      ? { description: `Injury status changed to: ${String(now)}`, severity: now === 'fit' ? 'info' : 'alert', change_percent: null }
      : undefined,
  social_mention_velocity: relative(50, 'Social media velocity', 2),
  user_attention_velocity: relative(100, 'User attention', 3),
  goals_last_10: countChange('Goals in last 10 games', 2),
  assists_last_10: countChange('Assists in last 10 games', 2),
};

/** Probability changes smaller than this (absolute) are noise, not news. */
export const MIN_PROBABILITY_CHANGE = 0.02;

function probabilityChange(e: ProbabilityEdge): Change | undefined {
  const [o, n] = [e.start_p ?? 0, e.end_p ?? 0];
  const delta = n - o;
  if (Math.abs(delta) < MIN_PROBABILITY_CHANGE) return undefined;
  const what = e.to_club_id ? `move to ${e.to_club_name ?? 'a club'}` : 'any move';
  // No snapshot before the window: a first publication is news of its own, not a change from 0%.
  const first = e.start_p === null;
  return {
    kind: 'probability',
    signal_type: null,
    horizon_days: e.horizon_days,
    to_club_id: e.to_club_id,
    to_club_name: e.to_club_name,
    to_club_is_status: e.to_club_is_status,
    description: first
      ? `P(${what} within ${e.horizon_days} days) first published at ${pp(n)}`
      : `P(${what} within ${e.horizon_days} days) ${delta > 0 ? 'up' : 'down'} from ${pp(o)} to ${pp(n)}`,
    old_value: e.start_p,
    new_value: e.end_p,
    change_percent: o > 0 ? pct(o, n) : null,
    severity: Math.abs(delta) >= 0.1 ? 'alert' : Math.abs(delta) >= 0.05 ? 'warning' : 'info',
    observed_at: e.end_as_of,
  };
}

export function whatChanged(signals: SignalEdge[], probabilities: ProbabilityEdge[], max = 20): Change[] {
  const start = new Map(signals.filter((s) => s.edge === 'start').map((s) => [s.signal_type, s]));
  const out: Change[] = [];
  for (const end of signals.filter((s) => s.edge === 'end')) {
    const rule = RULES[end.signal_type];
    const before = start.get(end.signal_type);
    // Same row at both edges: nothing new was observed inside the window.
    if (!rule || (before && before.observed_at === end.observed_at)) continue;
    const hit = rule(before?.value ?? null, end.value);
    if (hit) {
      out.push({ kind: 'signal', signal_type: end.signal_type, horizon_days: null, to_club_id: null, to_club_name: null, to_club_is_status: null, old_value: before?.value ?? null, new_value: end.value, observed_at: end.observed_at, ...hit });
    }
  }
  for (const e of probabilities) {
    const change = probabilityChange(e);
    if (change) out.push(change);
  }
  const magnitude = (c: Change) => Math.abs(num(c.new_value) !== null && num(c.old_value) !== null ? (c.kind === 'probability' ? num(c.new_value)! - num(c.old_value)! : (c.change_percent ?? 0) / 100) : 0);
  return out
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || magnitude(b) - magnitude(a) || (b.observed_at ?? '').localeCompare(a.observed_at ?? ''))
    .slice(0, max);
}
