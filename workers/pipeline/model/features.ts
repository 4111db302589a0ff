/**
 * Point-in-time features of a player as of D, computed only from Dataset rows dated (and observed) on or before D.
 * A per-date context (each player's club and value, squads, league strength, club churn) is computed once per
 * (Dataset, D) and reused for every player. New signal types plug in as one FEATURES entry plus one reader below.
 *
 * Squad and league features are relative to date D (percentile ranks, ratios to the squad's average, to the typical
 * squad and to all valued players at D), never raw counts or sums. The bundled ledger only holds players active in
 * 2023/24 or later, so the further back a training date, the fewer of a club's players it sees: the median squad
 * counted 15 valued players on 2021-06-01 and 27 on 2024-06-01. Raw counts would teach the model a world that
 * shifts under it; relative features do not move with that survivorship.
 */
import { assertUsableAt } from './leak';
import {
  DAY,
  ageYears,
  clubAt,
  isQualifyingMove,
  lastAtOrBefore,
  legsAt,
  playerSeries,
  visibleIndex,
} from './timeline';
import type { Dataset, FeatureVector, Ms, PlayerRow, SignalSeries } from './types';

const MONTH = 30.4375 * DAY;
const YEAR = 365 * DAY;
/** User-derived signals older than this are ignored: they describe a passing burst of attention. */
const USER_SIGNAL_FRESHNESS = 30 * DAY;

export const FEATURES = [
  { name: 'age', label: 'Age' },
  { name: 'position', label: 'Position' },
  { name: 'market_value_log', label: 'Market value' },
  { name: 'value_change_180d', label: 'Market value change over 6 months' },
  { name: 'value_change_365d', label: 'Market value change over a year' },
  { name: 'value_to_peak', label: 'Market value against career peak' },
  { name: 'days_since_valuation', label: 'Time since last valuation' },
  { name: 'squad_value_rel', label: 'Squad value of his club against the typical league club' },
  { name: 'value_to_squad_mean', label: 'Market value against his squad’s average' },
  { name: 'value_pct_in_squad', label: 'Value rank in his squad' },
  { name: 'value_pct_at_position', label: 'Value rank among his club’s players in his position' },
  { name: 'squad_size_rel', label: 'Size of his club’s valued squad against the typical league club' },
  { name: 'league_strength', label: 'League strength' },
  { name: 'top5_league', label: 'Plays in a top-5 league' },
  { name: 'days_at_club', label: 'Time at his club' },
  { name: 'moves_3y', label: 'Moves in the last 3 years' },
  { name: 'loans_3y', label: 'Loans completed in the last 3 years' },
  { name: 'back_from_loan', label: 'Back from a loan' },
  { name: 'join_fee_log', label: 'Fee paid when he joined' },
  { name: 'joined_without_fee', label: 'Joined without a fee (free or loan)' },
  { name: 'previous_club_gap', label: 'Strength of the club he came from' },
  { name: 'games_last_year', label: 'Games last calendar year' },
  { name: 'minutes_last_year', label: 'Minutes last calendar year' },
  { name: 'goals_last_year', label: 'Goals last calendar year' },
  { name: 'assists_last_year', label: 'Assists last calendar year' },
  { name: 'contract_months', label: 'Months left on contract' },
  { name: 'club_intake', label: 'Arrivals at his club per valued player' },
  { name: 'club_turnover', label: 'Departures from his club per valued player' },
  { name: 'moved_a_year_ago', label: 'Moved in the same weeks a year ago' },
  { name: 'career_moves_per_year', label: 'Moves per year over his career' },
  { name: 'value_since_join', label: 'Market value change since he joined' },
  { name: 'user_attention_velocity', label: 'Reader attention trend' },
  { name: 'user_destination_cooccurrence', label: 'Readers linking him with a club' },
  { name: 'user_watchlist_adds', label: 'Watchlist adds' },
  { name: 'month_of_year', label: 'Time of year' },
] as const satisfies readonly { name: string; label: string }[];

export type FeatureName = (typeof FEATURES)[number]['name'];
export const FEATURE_NAMES: FeatureName[] = FEATURES.map((f) => f.name);

const POSITION_CODES: Record<string, number> = { GK: 0, DF: 1, MF: 2, FW: 3 };
const POSITION_WORDS: [RegExp, number][] = [
  [/^(gk|goal)/i, 0],
  [/^(df|cb|lb|rb|lwb|rwb|def|.*back)/i, 1],
  [/^(mf|cm|dm|am|cdm|cam|lm|rm|mid)/i, 2],
  [/^(fw|st|cf|lw|rw|ss|att|.*forward|.*winger)/i, 3],
];
export function positionCode(position: string | null, group: string | null): number | null {
  for (const raw of [position, group]) {
    if (!raw) continue;
    if (raw in POSITION_CODES) return POSITION_CODES[raw]!;
    for (const [re, code] of POSITION_WORDS) if (re.test(raw)) return code;
  }
  return null;
}

/** Everything about date D shared by all players. */
export interface DateContext {
  at: Ms;
  club: Map<string, string>;
  value: Map<string, number>;
  squadValues: Map<string, number[]>;
  /** Values of each club's players by position code, highest first: "club|position" -> values. */
  positionValues: Map<string, number[]>;
  squadTotal: Map<string, number>;
  /** Median over first-team clubs in league competitions of the number of valued players, and of log10 squad value. */
  typicalSquadSize: number;
  typicalSquadValueLog: number;
  /** Mean log10 value of a league's valued players, minus that mean over every valued player at D. */
  leagueStrength: Map<string, number>;
  departures: Map<string, number>;
  arrivals: Map<string, number>;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Where a value sits in a list sorted highest first: 0 for the highest, 1 for the lowest (0 when alone). */
function percentile(sorted: number[], value: number): number {
  return sorted.length > 1 ? sorted.indexOf(value) / (sorted.length - 1) : 0;
}

/** The latest market value visible at D, if it is at most a year old. */
export function valueAt(ds: Dataset, playerId: string, at: Ms, maxAge = YEAR): { value: number; from: Ms } | null {
  const s = playerSeries(ds, playerId, 'market_value');
  const k = visibleIndex(s, at);
  if (k < 0 || s!.num[k] == null || at - s!.from[k]! > maxAge) return null;
  return { value: s!.num[k]!, from: s!.from[k]! };
}

const contexts = new WeakMap<Dataset, Map<Ms, DateContext>>();

export function dateContext(ds: Dataset, at: Ms): DateContext {
  let perDs = contexts.get(ds);
  if (!perDs) contexts.set(ds, (perDs = new Map()));
  const cached = perDs.get(at);
  if (cached) return cached;
  const ctx: DateContext = {
    at,
    club: new Map(),
    value: new Map(),
    squadValues: new Map(),
    positionValues: new Map(),
    squadTotal: new Map(),
    typicalSquadSize: 0,
    typicalSquadValueLog: 0,
    leagueStrength: new Map(),
    departures: new Map(),
    arrivals: new Map(),
  };
  const leagueSums = new Map<string, { s: number; n: number }>();
  for (const id of ds.players.keys()) {
    const club = clubAt(ds, id, at);
    if (!club) continue;
    ctx.club.set(id, club);
    const v = valueAt(ds, id, at);
    if (!v) continue;
    ctx.value.set(id, v.value);
    const list = ctx.squadValues.get(club) ?? [];
    list.push(v.value);
    ctx.squadValues.set(club, list);
    const player = ds.players.get(id)!;
    const key = `${club}|${positionCode(player.position, player.positionGroup)}`;
    const atPosition = ctx.positionValues.get(key) ?? [];
    atPosition.push(v.value);
    ctx.positionValues.set(key, atPosition);
    const comp = ds.clubs.get(club)?.competitionId;
    if (comp) {
      const agg = leagueSums.get(comp) ?? { s: 0, n: 0 };
      agg.s += Math.log10(Math.max(v.value, 1));
      agg.n++;
      leagueSums.set(comp, agg);
    }
  }
  for (const values of ctx.positionValues.values()) values.sort((a, b) => b - a);
  for (const [club, values] of ctx.squadValues) {
    values.sort((a, b) => b - a);
    ctx.squadTotal.set(club, values.reduce((a, b) => a + b, 0));
  }
  const leagueClubs = [...ctx.squadValues.keys()].filter((c) => isLeagueClub(ds, c));
  ctx.typicalSquadSize = median(leagueClubs.map((c) => ctx.squadValues.get(c)!.length));
  ctx.typicalSquadValueLog = median(leagueClubs.map((c) => Math.log10(Math.max(ctx.squadTotal.get(c)!, 1))));
  let all = 0;
  let count = 0;
  for (const { s, n } of leagueSums.values()) (all += s), (count += n);
  for (const [comp, { s, n }] of leagueSums) ctx.leagueStrength.set(comp, s / n - all / count);
  const start = lastAtOrBefore(ds.transfers, at - YEAR, (t) => t.date) + 1;
  for (let i = start; i < ds.transfers.length; i++) {
    const t = ds.transfers[i]!;
    if (t.date > at) break;
    if (!isQualifyingMove(ds, t)) continue;
    if (t.fromClubId) ctx.departures.set(t.fromClubId, (ctx.departures.get(t.fromClubId) ?? 0) + 1);
    ctx.arrivals.set(t.toClubId, (ctx.arrivals.get(t.toClubId) ?? 0) + 1);
  }
  perDs.set(at, ctx);
  return ctx;
}

/** A first-team club in a league competition (the clubs the population plays for). */
function isLeagueClub(ds: Dataset, clubId: string): boolean {
  const club = ds.clubs.get(clubId);
  const comp = club?.competitionId ? ds.competitions.get(club.competitionId) : undefined;
  return !!club && !club.isStatusPseudo && !club.isYouthOrReserve && !!comp?.isLeague;
}

/**
 * The population we predict for (model.md): a ledger history, a club at D in a covered league, aged 16-38,
 * and a market value from the year before D; not a player the source had stopped following by D (he left its
 * coverage, so his club at D is unknown: ingest/coverage.ts).
 */
export function activePlayers(ds: Dataset, asOf: Date | Ms): string[] {
  const at = typeof asOf === 'number' ? asOf : asOf.getTime();
  const ctx = dateContext(ds, at);
  const out: string[] = [];
  for (const [id, clubId] of ctx.club) {
    const player = ds.players.get(id)!;
    if (!isLeagueClub(ds, clubId)) continue;
    const age = ageYears(player.dob, at);
    if (age === null || age < 16 || age > 38) continue;
    if (!ctx.value.has(id) || legsAt(ds, id, at).length === 0 || noLongerFollowed(ds, id, at)) continue;
    out.push(id);
  }
  return out.sort();
}

/** A ledger_followed_until fact visible at D says the source stopped following the player before D. */
function noLongerFollowed(ds: Dataset, playerId: string, at: Ms): boolean {
  const s = playerSeries(ds, playerId, 'ledger_followed_until');
  const k = visibleIndex(s, at);
  return k >= 0 && Date.parse(`${String(s!.json[k])}T00:00:00Z`) < at;
}

function maxVisible(s: SignalSeries | undefined, at: Ms): number | null {
  if (!s) return null;
  let best: number | null = null;
  for (let i = 0; i < s.from.length; i++) {
    const v = s.num[i];
    if (s.from[i]! <= at && s.observed[i]! <= at && v != null && (best === null || v > best)) best = v;
  }
  return best;
}

/** Games/minutes/goals/assists of calendar year Y, from a season_appearances signal visible at D. */
function appearancesOf(ds: Dataset, playerId: string, at: Ms, year: number) {
  const s = playerSeries(ds, playerId, 'season_appearances');
  if (!s) return null;
  for (let i = s.from.length - 1; i >= 0; i--) {
    if (!(s.from[i]! <= at && s.observed[i]! <= at && s.to[i]! > at)) continue;
    const j = s.json[i] as Record<string, unknown> | null;
    if (j && Number(j.year) === year) return j;
  }
  return null;
}

function numberOf(j: Record<string, unknown> | null, ...keys: string[]): number | null {
  if (!j) return null;
  for (const k of keys) if (typeof j[k] === 'number') return j[k] as number;
  return null;
}

/** Months of contract left at D, only from contract signals visible at D. */
function contractMonths(ds: Dataset, playerId: string, at: Ms): number | null {
  const exp = playerSeries(ds, playerId, 'contract_expiry');
  const k = visibleIndex(exp, at);
  if (k >= 0) {
    const raw = exp!.json[k] ?? exp!.num[k];
    const end = typeof raw === 'string' ? Date.parse(raw) : typeof raw === 'number' && raw > 1e11 ? raw : NaN;
    if (Number.isFinite(end)) return (end - at) / MONTH;
  }
  const rem = playerSeries(ds, playerId, 'contract_months_remaining');
  const r = visibleIndex(rem, at);
  if (r >= 0 && rem!.num[r] != null) return rem!.num[r]! - (at - rem!.from[r]!) / MONTH;
  return null;
}

function freshUserSignal(s: SignalSeries | undefined, at: Ms): number | null {
  const k = visibleIndex(s, at);
  return k >= 0 && at - s!.from[k]! <= USER_SIGNAL_FRESHNESS ? s!.num[k] ?? null : null;
}

function bestCooccurrence(ds: Dataset, playerId: string, at: Ms): number | null {
  const byClub = ds.pairSignals.get(playerId)?.get('user_destination_cooccurrence');
  if (!byClub) return null;
  let best: number | null = null;
  for (const s of byClub.values()) {
    const v = freshUserSignal(s, at);
    if (v !== null && (best === null || v > best)) best = v;
  }
  return best;
}

function percentileAtPosition(ctx: DateContext, clubId: string, player: PlayerRow | undefined, value: number): number | null {
  const values = player ? ctx.positionValues.get(`${clubId}|${positionCode(player.position, player.positionGroup)}`) : undefined;
  return values ? percentile(values, value) : null;
}

/** How much bigger (log10 of squad value) the club he came from is than his club now. */
function squadGap(ctx: DateContext, from: string | null, to: string | null): number | null {
  const a = from ? ctx.squadTotal.get(from) : undefined;
  const b = to ? ctx.squadTotal.get(to) : undefined;
  return a && b ? Math.log10(a) - Math.log10(b) : null;
}

const ratioChange = (now: number, then: number | null) => (then ? now / then - 1 : null);

const log10OrNull = (v: number | null | undefined) => (v == null ? null : Math.log10(Math.max(v, 1)));

export function buildFeatures(ds: Dataset, playerId: string, asOf: Date | Ms): FeatureVector {
  const at = typeof asOf === 'number' ? asOf : asOf.getTime();
  assertUsableAt(ds, at);
  const ctx = dateContext(ds, at);
  const player = ds.players.get(playerId);
  const clubId = ctx.club.get(playerId) ?? null;
  const club = clubId ? ds.clubs.get(clubId) : undefined;
  const comp = club?.competitionId ? ds.competitions.get(club.competitionId) : undefined;
  const value = ctx.value.get(playerId) ?? null;
  const valueThen = (days: number) => valueAt(ds, playerId, at - days * DAY, 200 * DAY)?.value ?? null;
  const change = (days: number) => {
    const then = valueThen(days);
    return value !== null && then ? value / then - 1 : null;
  };
  const peak = maxVisible(playerSeries(ds, playerId, 'market_value'), at);
  const lastValuation = valueAt(ds, playerId, at, Infinity);
  const squad = clubId ? ctx.squadValues.get(clubId) : undefined;
  const squadTotal = clubId ? ctx.squadTotal.get(clubId) ?? null : null;
  const legs = legsAt(ds, playerId, at);
  const last = legs[legs.length - 1];
  const recent = legs.filter((t) => t.date > at - 3 * YEAR && isQualifyingMove(ds, t));
  const arrival = [...legs].reverse().find((t) => isQualifyingMove(ds, t));
  const year = new Date(at).getUTCFullYear();
  const apps = appearancesOf(ds, playerId, at, year - 1);
  const hasApps = playerSeries(ds, playerId, 'season_appearances') !== undefined;
  const stat = (...keys: string[]) => numberOf(apps, ...keys) ?? (hasApps ? 0 : null);
  const d = new Date(at);
  const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();

  const values: Record<FeatureName, number | null> = {
    age: ageYears(player?.dob ?? null, at),
    position: player ? positionCode(player.position, player.positionGroup) : null,
    market_value_log: log10OrNull(value),
    value_change_180d: change(180),
    value_change_365d: change(365),
    value_to_peak: value !== null && peak ? value / peak : null,
    days_since_valuation: lastValuation ? (at - lastValuation.from) / DAY : null,
    squad_value_rel: squadTotal ? Math.log10(Math.max(squadTotal, 1)) - ctx.typicalSquadValueLog : null,
    value_to_squad_mean: value !== null && squad && squadTotal ? value / (squadTotal / squad.length) : null,
    value_pct_in_squad: value !== null && squad ? percentile(squad, value) : null,
    value_pct_at_position: value !== null && clubId ? percentileAtPosition(ctx, clubId, player, value) : null,
    squad_size_rel: squad && ctx.typicalSquadSize ? squad.length / ctx.typicalSquadSize : null,
    league_strength: comp ? ctx.leagueStrength.get(comp.id) ?? null : null,
    top5_league: comp ? (comp.isTop5 ? 1 : 0) : null,
    days_at_club: last ? (at - last.date) / DAY : null,
    moves_3y: recent.length,
    loans_3y: legs.filter((t) => t.date > at - 3 * YEAR && t.type === 'loan_return').length,
    back_from_loan: last ? (last.type === 'loan_return' ? 1 : 0) : null,
    join_fee_log: arrival?.fee ? Math.log10(arrival.fee) : null,
    joined_without_fee: arrival?.fee == null ? null : arrival.fee === 0 ? 1 : 0,
    previous_club_gap: squadGap(ctx, arrival?.fromClubId ?? null, clubId),
    games_last_year: stat('games', 'appearances'),
    minutes_last_year: stat('minutes', 'minutes_played'),
    goals_last_year: stat('goals'),
    assists_last_year: stat('assists'),
    contract_months: contractMonths(ds, playerId, at),
    club_intake: clubId && squad ? (ctx.arrivals.get(clubId) ?? 0) / squad.length : null,
    club_turnover: clubId && squad ? (ctx.departures.get(clubId) ?? 0) / squad.length : null,
    moved_a_year_ago: legs.some((t) => t.date > at - YEAR && t.date <= at - YEAR + 90 * DAY && isQualifyingMove(ds, t)) ? 1 : 0,
    career_moves_per_year: legs.length > 0 ? legs.filter((t) => isQualifyingMove(ds, t)).length / Math.max(1, (at - legs[0]!.date) / YEAR) : null,
    value_since_join: value !== null && arrival ? ratioChange(value, arrival.marketValue ?? valueAt(ds, playerId, arrival.date, 200 * DAY)?.value ?? null) : null,
    user_attention_velocity: freshUserSignal(playerSeries(ds, playerId, 'user_attention_velocity'), at),
    user_destination_cooccurrence: bestCooccurrence(ds, playerId, at),
    user_watchlist_adds: freshUserSignal(playerSeries(ds, playerId, 'user_watchlist_adds'), at),
    month_of_year: d.getUTCMonth() + 1 + (d.getUTCDate() - 1) / daysInMonth,
  };
  return { values };
}

const pct = (v: number) => `${Math.round(Math.abs(v) * 100)}%`;
const times = (v: number) => `${v.toFixed(v >= 10 ? 0 : 1)}×`;
const months = (v: number) => `${Math.max(0, Math.round(v))} month${Math.round(v) === 1 ? '' : 's'}`;
const POSITION_NAMES = ['Goalkeeper', 'Defender', 'Midfielder', 'Forward'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A feature and its value in plain words, for drivers ("Contract expires in 6 months"). */
export function describeFeature(name: string, v: number | null): string {
  const label = FEATURES.find((f) => f.name === name)?.label ?? name;
  if (v === null) return `${label}: unknown`;
  switch (name) {
    case 'age':
      return `Age ${Math.floor(v)}`;
    case 'position':
      return POSITION_NAMES[v] ?? label;
    case 'market_value_log':
      return `Market value €${formatEur(10 ** v)}`;
    case 'value_change_180d':
    case 'value_change_365d': {
      const span = name === 'value_change_180d' ? 'in 6 months' : 'in a year';
      return Math.abs(v) < 0.005 ? `Market value unchanged ${span}` : `Market value ${v > 0 ? 'rose' : 'fell'} ${pct(v)} ${span}`;
    }
    case 'value_to_peak':
      return v >= 0.995 ? 'Market value at his career peak' : `Market value ${pct(1 - v)} below his career peak`;
    case 'days_since_valuation':
      return `Last valued ${months(v / 30.4375)} ago`;
    case 'squad_value_rel':
      return `Club squad worth ${times(10 ** v)} the typical league club’s`;
    case 'value_to_squad_mean':
      return `Worth ${times(v)} his squad’s average player`;
    case 'value_pct_in_squad':
    case 'value_pct_at_position': {
      const where = name === 'value_pct_in_squad' ? 'his squad' : 'his position at his club';
      return v === 0 ? `Most valuable in ${where}` : v <= 0.5 ? `In the top ${pct(Math.max(v, 0.01))} by value in ${where}` : `In the bottom ${pct(Math.max(1 - v, 0.01))} by value in ${where}`;
    }
    case 'squad_size_rel':
      return `Club squad ${times(v)} the typical size`;
    case 'league_strength':
      return `Plays in a league whose players are worth ${times(10 ** v)} the average`;
    case 'top5_league':
      return v ? 'Plays in a top-5 league' : 'Plays outside the top-5 leagues';
    case 'days_at_club':
      return v < 365 ? `${months(v / 30.4375)} at his club` : `${(v / 365).toFixed(1)} years at his club`;
    case 'moves_3y':
      return `${v} move${v === 1 ? '' : 's'} in the last 3 years`;
    case 'loans_3y':
      return `${v} loan${v === 1 ? '' : 's'} completed in the last 3 years`;
    case 'back_from_loan':
      return v ? 'Back from a loan' : 'Not back from a loan';
    case 'join_fee_log':
      return `Joined for €${formatEur(10 ** v)}`;
    case 'joined_without_fee':
      return v ? 'Joined without a fee (free or on loan)' : 'Joined for a fee';
    case 'previous_club_gap':
      return v > 0 ? `Came from a club ${(10 ** v).toFixed(1)}× richer in squad value` : `Came from a club ${(10 ** -v).toFixed(1)}× poorer in squad value`;
    case 'contract_months':
      return v <= 0 ? 'Contract has expired' : `Contract expires in ${months(v)}`;
    case 'club_intake':
      return `${v.toFixed(2)} arrivals per valued player at his club in the last year`;
    case 'club_turnover':
      return `${v.toFixed(2)} departures per valued player at his club in the last year`;
    case 'moved_a_year_ago':
      return v ? 'Moved in the same weeks a year ago' : 'Did not move in the same weeks a year ago';
    case 'career_moves_per_year':
      return `${v.toFixed(1)} moves a year over his career`;
    case 'value_since_join':
      return Math.abs(v) < 0.005 ? 'Market value unchanged since he joined' : `Market value ${v > 0 ? 'up' : 'down'} ${pct(v)} since he joined`;
    case 'month_of_year':
      return `Forecast made in ${MONTH_NAMES[Math.floor(v) - 1] ?? 'the year'}`;
    case 'games_last_year':
    case 'minutes_last_year':
    case 'goals_last_year':
    case 'assists_last_year':
      return `${Math.round(v)} ${label.toLowerCase().replace(' last calendar year', '')} last calendar year`;
    default:
      return `${label}: ${Number(v.toFixed(2))}`;
  }
}

export function formatEur(v: number): string {
  if (v >= 1e9) return `${(v / 1e9).toFixed(1)}bn`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(v >= 1e7 ? 0 : 1)}m`;
  if (v >= 1e3) return `${Math.round(v / 1e3)}k`;
  return String(Math.round(v));
}
