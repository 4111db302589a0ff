/**
 * Where a mover goes: P(destination | move) from ledger flows of the previous years (club to club, and league x
 * value band to club), club popularity (all arrivals), the clubs he played for before and, when present, readers'
 * co-occurrence signals. Each source is a distribution over clubs; the blend is too, so summed over any candidate
 * set it is at most 1. One more destination is his own club: when he joined it without a fee recently (mostly
 * loans), the ledger often shows a move there next, the loan made permanent. That gets the measured share
 * `permanentShare` and the blend the rest; flows into his own club never count for him.
 */
import { valueAt } from './features';
import { hashString, mulberry32 } from './random';
import { DAY, clubAt, isQualifyingMove, lastAtOrBefore, legsAt, visibleIndex } from './timeline';
import type { Candidate, Dataset, DestinationScorerParams, Driver, Ms } from './types';

/** Loans run up to two seasons; an arrival without a fee within this many days may still be a loan. */
const PERMANENT_WITHIN_DAYS = 800;

/**
 * Chosen on the movers of 2023-01-01 and 2023-06-01 (a grid over weights, bands and 2-4 years of flows): broad
 * value bands and the league x band flows carry most of the signal; the player's own club's past buyers add a little.
 * Former clubs (0.03) and the 800-day window were chosen the same way, on 2022-06-01, 2023-01-01 and 2023-06-01.
 * `permanentShare` is not a constant: trainBundle measures it on the training dates' movers.
 */
export const DEFAULT_DESTINATION: DestinationScorerParams = {
  weights: { club: 0.1, leagueBand: 0.6, popularity: 0.05, user: 0.3, former: 0.03 },
  bandEdges: [1_000_000, 5_000_000, 20_000_000],
  flowYears: 3,
  permanentWithinDays: PERMANENT_WITHIN_DAYS,
};

type Counts = Map<string, number>;
type SourceName = keyof DestinationScorerParams['weights'];
export interface FlowTables {
  byClub: Map<string, Counts>;
  byLeagueBand: Map<string, Counts>;
  popularity: Counts;
  total: number;
}

export function valueBand(edges: number[], value: number | null): number {
  if (value === null) return -1;
  let b = 0;
  while (b < edges.length && value >= edges[b]!) b++;
  return b;
}

const leagueBandKey = (ds: Dataset, clubId: string | null, band: number) => `${(clubId && ds.clubs.get(clubId)?.competitionId) ?? 'none'}|${band}`;

function bump(map: Map<string, Counts>, key: string, club: string) {
  let m = map.get(key);
  if (!m) map.set(key, (m = new Map()));
  m.set(club, (m.get(club) ?? 0) + 1);
}

const flowCache = new WeakMap<Dataset, Map<string, FlowTables>>();

/** Qualifying moves in (D - flowYears, D], counted by origin club, by origin league x value band, and overall. */
export function flowTables(ds: Dataset, at: Ms, params: DestinationScorerParams = DEFAULT_DESTINATION): FlowTables {
  const key = `${at}|${params.flowYears}|${params.bandEdges.join(',')}`;
  let perDs = flowCache.get(ds);
  if (!perDs) flowCache.set(ds, (perDs = new Map()));
  const hit = perDs.get(key);
  if (hit) return hit;
  const tables: FlowTables = { byClub: new Map(), byLeagueBand: new Map(), popularity: new Map(), total: 0 };
  const start = lastAtOrBefore(ds.transfers, at - params.flowYears * 365 * DAY, (t) => t.date) + 1;
  for (let i = start; i < ds.transfers.length && ds.transfers[i]!.date <= at; i++) {
    const t = ds.transfers[i]!;
    if (!isQualifyingMove(ds, t)) continue;
    const value = t.marketValue ?? valueAt(ds, t.playerId, t.date)?.value ?? null;
    if (t.fromClubId) bump(tables.byClub, t.fromClubId, t.toClubId);
    bump(tables.byLeagueBand, leagueBandKey(ds, t.fromClubId, valueBand(params.bandEdges, value)), t.toClubId);
    tables.popularity.set(t.toClubId, (tables.popularity.get(t.toClubId) ?? 0) + 1);
    tables.total++;
  }
  perDs.set(key, tables);
  return tables;
}

/** Readers' co-occurrence of the player with each club, from signals visible at D. */
function userCounts(ds: Dataset, playerId: string, at: Ms): Counts {
  const out: Counts = new Map();
  for (const [club, s] of ds.pairSignals.get(playerId)?.get('user_destination_cooccurrence') ?? []) {
    const k = visibleIndex(s, at);
    if (k >= 0 && (s.num[k] ?? 0) > 0 && at - s.from[k]! <= 30 * DAY) out.set(club, s.num[k]!);
  }
  return out;
}

/**
 * His club at D when his latest arrival there was a move without a fee within `withinDays` (most such arrivals are
 * loans, and a loan made permanent shows in the ledger as a move to the club he is at); else null.
 */
export function permanentDealClub(ds: Dataset, playerId: string, at: Ms, params: DestinationScorerParams = DEFAULT_DESTINATION): string | null {
  const clubId = clubAt(ds, playerId, at);
  const legs = legsAt(ds, playerId, at);
  const last = legs[legs.length - 1];
  const within = (params.permanentWithinDays ?? PERMANENT_WITHIN_DAYS) * DAY;
  return clubId && last && last.toClubId === clubId && last.fee === 0 && isQualifyingMove(ds, last) && at - last.date <= within ? clubId : null;
}

/**
 * The share of movers who may be on loan at their club (permanentDealClub) whose move went to that club, over
 * (player, date, destination) rows, weighted; with a few pseudo-movers at 0 so a handful of rows cannot say 1.
 */
export function permanentShare(
  ds: Dataset,
  movers: { playerId: string; at: Ms; destination: string | null; weight: number }[],
  params: DestinationScorerParams = DEFAULT_DESTINATION,
): number {
  let n = 5;
  let hit = 0;
  for (const m of movers) {
    const club = permanentDealClub(ds, m.playerId, m.at, params);
    if (!club) continue;
    n += m.weight;
    if (m.destination === club) hit += m.weight;
  }
  return hit / n;
}

/** Senior clubs he played for before D (the first leg's origin, then each leg's destination), other than his club at D, once per spell. */
function formerClubs(ds: Dataset, playerId: string, at: Ms, clubId: string | null): Counts {
  const former: Counts = new Map();
  const legs = legsAt(ds, playerId, at);
  for (const id of [legs[0]?.fromClubId, ...legs.map((t) => t.toClubId)]) {
    const club = id ? ds.clubs.get(id) : undefined;
    if (!id || id === clubId || !club || club.isStatusPseudo || club.isYouthOrReserve) continue;
    former.set(id, (former.get(id) ?? 0) + 1);
  }
  return former;
}

const sum = (m: Counts | undefined) => {
  let s = 0;
  for (const v of m?.values() ?? []) s += v;
  return s;
};

/** The per-player view of the sources: counts and totals, and the weight each available source gets. */
export interface DestinationContext {
  clubId: string | null;
  /** P(destination = his own club | move): the permanent-deal share when he may be on loan there, else 0. */
  permanent: number;
  /** Weights of the sources sum to 1 - permanent. */
  sources: { name: SourceName; counts: Counts; total: number; weight: number }[];
}

export function destinationContext(ds: Dataset, playerId: string, at: Ms, params: DestinationScorerParams = DEFAULT_DESTINATION): DestinationContext {
  const tables = flowTables(ds, at, params);
  const clubId = clubAt(ds, playerId, at);
  const band = valueBand(params.bandEdges, valueAt(ds, playerId, at)?.value ?? null);
  const raw: { name: SourceName; counts: Counts }[] = [
    { name: 'club', counts: (clubId && tables.byClub.get(clubId)) || new Map() },
    { name: 'leagueBand', counts: tables.byLeagueBand.get(leagueBandKey(ds, clubId, band)) ?? new Map() },
    { name: 'popularity', counts: tables.popularity },
    { name: 'user', counts: userCounts(ds, playerId, at) },
    { name: 'former', counts: formerClubs(ds, playerId, at, clubId) },
  ];
  const weight = (name: SourceName) => params.weights[name] ?? 0;
  const permanent = permanentDealClub(ds, playerId, at, params) ? params.permanentShare ?? 0 : 0;
  // Sources with nothing to say give their weight to the others, so the blend stays a distribution.
  const present = raw.map((s) => ({ ...s, total: sum(s.counts) })).filter((s) => s.total > 0 && weight(s.name) > 0);
  const wsum = present.reduce((a, s) => a + weight(s.name), 0) || 1;
  return { clubId, permanent, sources: present.map((s) => ({ ...s, weight: ((1 - permanent) * weight(s.name)) / wsum })) };
}

/** P(destination = club | move) and each source's part of it. */
export function destinationProbability(ctx: DestinationContext, club: string): { p: number; parts: { name: string; share: number; count: number }[] } {
  if (club === ctx.clubId) return ctx.permanent > 0 ? { p: ctx.permanent, parts: [{ name: 'permanent', share: ctx.permanent, count: 1 }] } : { p: 0, parts: [] };
  const parts = ctx.sources.map((s) => {
    const count = s.counts.get(club) ?? 0;
    return { name: s.name, share: (s.weight * count) / s.total, count };
  });
  return { p: parts.reduce((a, x) => a + x.share, 0), parts };
}

const SOURCE_LABELS: Record<string, (n: number) => string> = {
  club: (n) => `${n} move${n === 1 ? '' : 's'} from his club to this club in recent years`,
  leagueBand: (n) => `${n} move${n === 1 ? '' : 's'} of similar players from his league to this club`,
  popularity: (n) => `This club made ${n} signing${n === 1 ? '' : 's'} in recent years`,
  user: (n) => `Readers often look at him with this club (score ${n})`,
  permanent: () => 'Joined his club without a fee, likely on loan: a loan is often made permanent',
  former: (n) => (n === 1 ? 'Played for this club before' : `${n} spells at this club before`),
};

export function destinationDrivers(ctx: DestinationContext, club: string): Driver[] {
  return destinationProbability(ctx, club)
    .parts.filter((p) => p.count > 0)
    .sort((a, b) => b.share - a.share)
    .map((p) => ({ feature: `destination_${p.name}`, label: SOURCE_LABELS[p.name]!(p.count), value: p.count, contribution: p.share }));
}

const sortedCache = new WeakMap<Counts, [string, number][]>();

/** A source's clubs by count, highest first (ties by id); cached, since flow tables are shared by many players. */
function sortedClubs(counts: Counts): [string, number][] {
  let sorted = sortedCache.get(counts);
  if (!sorted) sortedCache.set(counts, (sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))));
  return sorted;
}

/**
 * The `k` clubs with the highest P(destination | move). Only clubs in some source's top `depth` can get there
 * in practice (a club outside every top list has a small share in every source).
 */
export function rankDestinations(ctx: DestinationContext, k = 10, depth = 50): { clubId: string; p: number }[] {
  const clubs = new Set<string>(ctx.permanent > 0 && ctx.clubId ? [ctx.clubId] : []);
  for (const s of ctx.sources) for (const [c] of sortedClubs(s.counts).slice(0, depth)) clubs.add(c);
  return [...clubs]
    .map((clubId) => ({ clubId, p: destinationProbability(ctx, clubId).p }))
    .filter((c) => c.p > 0)
    .sort((a, b) => b.p - a.p || (a.clubId < b.clubId ? -1 : 1))
    .slice(0, k);
}

/**
 * Clubs worth scoring for a player: his own club when he may be on loan there (`permanent_deal`, always kept: its
 * share comes from the trained bundle, which does not exist yet when candidates are generated), the best-ranked by
 * each source (club flows, league x value band, popularity, former clubs, user co-occurrence) merged and ranked by
 * P(destination | move), plus seeded random clubs from covered leagues (for calibration: they show how the model
 * scores clubs nobody would pick).
 */
export function candidateDestinations(
  ds: Dataset,
  playerId: string,
  asOf: Date | Ms,
  opts: { max?: number; randomCount?: number; seed?: number; params?: DestinationScorerParams } = {},
): Candidate[] {
  const at = typeof asOf === 'number' ? asOf : asOf.getTime();
  const max = opts.max ?? 20;
  const ctx = destinationContext(ds, playerId, at, opts.params);
  const found = new Map<string, Set<string>>();
  const SOURCE_NAMES: Record<SourceName, string> = {
    club: 'club_flow',
    leagueBand: 'league_value_band_flow',
    popularity: 'club_popularity',
    user: 'user_cooccurrence',
    former: 'former_club',
  };
  const permanent = permanentDealClub(ds, playerId, at, opts.params);
  for (const s of ctx.sources) {
    const top = sortedClubs(s.counts).filter(([c]) => c !== ctx.clubId).slice(0, max);
    for (const [club] of top) {
      if (!found.has(club)) found.set(club, new Set());
      found.get(club)!.add(SOURCE_NAMES[s.name]!);
    }
  }
  const ranked: Candidate[] = [
    ...(permanent ? [{ clubId: permanent, sources: ['permanent_deal'], score: destinationProbability(ctx, permanent).p }] : []),
    ...[...found]
      .map(([clubId, sources]) => ({ clubId, sources: [...sources].sort(), score: destinationProbability(ctx, clubId).p }))
      .sort((a, b) => b.score - a.score || (a.clubId < b.clubId ? -1 : 1))
      .slice(0, Math.max(0, max - (opts.randomCount ?? 3) - (permanent ? 1 : 0))),
  ];
  const taken = new Set<string | null>([...ranked.map((c) => c.clubId), ctx.clubId]);
  const pool = [...ds.clubs.values()]
    .filter((c) => !taken.has(c.id) && !c.isStatusPseudo && !c.isYouthOrReserve && c.competitionId && ds.competitions.get(c.competitionId)?.isLeague)
    .map((c) => c.id)
    .sort();
  const rand = mulberry32(hashString(`${opts.seed ?? 0}|${playerId}|${at}`));
  for (let k = 0; k < (opts.randomCount ?? 3) && pool.length > 0; k++) {
    const [clubId] = pool.splice(Math.floor(rand() * pool.length), 1);
    ranked.push({ clubId: clubId!, sources: ['random'], score: destinationProbability(ctx, clubId!).p });
  }
  return ranked;
}
