// Market page URL state: every filter, the sort and the page live in the query string (shareable, works without JS).
import { z } from 'zod';

/**
 * The covered leagues: URL code, name, and the competition's id in the database. Ids are deterministic
 * (db/ids.ts competitionUuid(code)); market-params.test.ts checks these against it.
 */
export const LEAGUES = [
  ['GB1', 'Premier League', '9d145424-167e-5f49-ad01-c29d73d3e49a'],
  ['ES1', 'LaLiga', 'fc3f1092-ba65-58be-8f3b-b19d170e8381'],
  ['IT1', 'Serie A', '2db53da3-9f5f-554b-ae1a-001862da9864'],
  ['L1', 'Bundesliga', 'd4b5a136-f163-5128-a6f6-3bd7748543cf'],
  ['FR1', 'Ligue 1', '5f6e98c2-240d-5a7e-af45-5656aed622d4'],
  ['NL1', 'Eredivisie', 'e1b49106-4bcb-535a-b0c3-10ddee6d047a'],
  ['PO1', 'Liga Portugal', 'c28c28e5-9ca5-5872-9507-8945f440cc27'],
  ['BE1', 'Jupiler Pro League', 'd31b6903-ea5d-5e94-b610-17e8889f1a37'],
  ['TR1', 'Süper Lig', '8cc23bc3-4d0c-5cb9-a85c-308de25f9b01'],
  ['RU1', 'Premier Liga (Russia)', '2e07f047-407b-59a2-82d4-25f84dfba957'],
  ['SC1', 'Scottish Premiership', '0e4b9545-e245-52fc-b2a5-5f1ae0c3bae2'],
  ['GR1', 'Super League (Greece)', '929da212-127f-5135-8f4e-23e462014193'],
  ['DK1', 'Superliga (Denmark)', '9e246ab9-eff4-55b8-b94a-4420524cad26'],
  ['UKR1', 'Premier Liga (Ukraine)', 'b3fd615e-d10f-5ef1-af34-6e35207fe34a'],
] as const;
export const leagueId = (code: string | undefined) => LEAGUES.find(([c]) => c === code)?.[2];

/** Position groups and codes the API filters on (players.position / position_group). */
export const POSITION_GROUPS = [['goalkeeper', 'Goalkeepers'], ['defender', 'Defenders'], ['midfielder', 'Midfielders'], ['forward', 'Forwards']] as const;
export const POSITIONS = ['GK', 'CB', 'LB', 'RB', 'DM', 'CM', 'AM', 'LM', 'RM', 'LW', 'RW', 'CF', 'ST'] as const;
export const MIN_PROBS = ['0', '0.05', '0.1', '0.2', '0.3', '0.5'] as const;
export const SORTS = ['probability', 'market_value', 'contract', 'player'] as const;

const POSITION_VALUES: string[] = [...POSITION_GROUPS.map(([g]) => g), ...POSITIONS];
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' || v == null ? undefined : v), s.optional());

export const MarketParams = z.object({
  horizon: z.preprocess((v) => (v === '' || v == null ? '90' : v), z.enum(['30', '90', '180'])).transform((h) => Number(h) as 30 | 90 | 180),
  league: optional(z.enum(LEAGUES.map(([c]) => c) as [string, ...string[]])),
  club: optional(z.string().max(160).regex(/^[A-Za-z0-9._~-]+$/, 'must be a club slug or id')),
  position: optional(z.string().refine((v) => POSITION_VALUES.includes(v), 'must be a position code (e.g. ST) or group (e.g. forward)')),
  min_prob: z.preprocess((v) => (v === '' || v == null ? '0.05' : v), z.coerce.number().min(0).max(1)),
  sort: z.preprocess((v) => (v === '' || v == null ? 'probability' : v), z.enum(SORTS)),
  dir: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(['asc', 'desc']).optional()),
  cursor: optional(z.string().max(512)),
  page: z.preprocess((v) => (v === '' || v == null ? '1' : v), z.coerce.number().int().min(1).max(10_000)),
});
export type MarketParams = z.infer<typeof MarketParams>;

export function parseMarketParams(search: URLSearchParams): { params: MarketParams | null; error: string | null } {
  const r = MarketParams.safeParse(Object.fromEntries(search));
  // In probability order a later page is reached only through the API's cursor: a page number without one
  // cannot be honoured, so it is dropped rather than labelling page 1 as "Rows 51–100".
  if (r.success) return { params: r.data.sort === 'probability' && !r.data.cursor ? { ...r.data, page: 1 } : r.data, error: null };
  return { params: null, error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/**
 * The API orders the table by probability only (that is the product); other sorts re-order the most likely rows
 * that match the filters, at most this many, paginated here.
 */
export const SORT_WINDOW = 200;

/** Names sort A→Z by default; numbers high→low. */
export const defaultDir = (sort: MarketParams['sort']) => (sort === 'player' || sort === 'contract' ? 'asc' : 'desc');

/** The market URL for these params, dropping defaults so URLs stay short. */
export function marketHref(p: Partial<MarketParams>, asOf: string | null): string {
  const q = new URLSearchParams();
  if (p.horizon && p.horizon !== 90) q.set('horizon', String(p.horizon));
  if (p.league) q.set('league', p.league);
  if (p.club) q.set('club', p.club);
  if (p.position) q.set('position', p.position);
  if (p.min_prob != null && p.min_prob !== 0.05) q.set('min_prob', String(p.min_prob));
  if (p.sort && p.sort !== 'probability') q.set('sort', p.sort);
  if (p.dir && p.sort && p.dir !== defaultDir(p.sort)) q.set('dir', p.dir);
  if (p.cursor) q.set('cursor', p.cursor);
  if (p.page && p.page > 1) q.set('page', String(p.page));
  if (asOf) q.set('as_of', asOf);
  const s = q.toString();
  return s ? `/market?${s}` : '/market';
}

type SortableRow = { probability: number; marketValue: number | null; contractMonths: number | null; player: { name: string } };

/** Re-orders rows for a non-probability sort; unknown values (null) always go last. */
export function sortRows<R extends SortableRow>(rows: R[], sort: MarketParams['sort'], dir: 'asc' | 'desc'): R[] {
  const key = (r: R): number | string | null =>
    sort === 'market_value' ? r.marketValue : sort === 'contract' ? r.contractMonths : sort === 'player' ? r.player.name : r.probability;
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
    return c * sign || b.probability - a.probability;
  });
}
