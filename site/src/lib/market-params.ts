// Market page URL state: every filter, the sort and the page live in the query string (shareable, works without JS).
import { z } from 'zod';

export const LEAGUES = [
  ['GB1', 'Premier League'], ['ES1', 'LaLiga'], ['IT1', 'Serie A'], ['L1', 'Bundesliga'], ['FR1', 'Ligue 1'],
  ['NL1', 'Eredivisie'], ['PO1', 'Liga Portugal'], ['BE1', 'Jupiler Pro League'], ['TR1', 'Süper Lig'],
  ['RU1', 'Premier Liga (Russia)'], ['SC1', 'Scottish Premiership'], ['GR1', 'Super League (Greece)'],
  ['DK1', 'Superliga (Denmark)'], ['UKR1', 'Premier Liga (Ukraine)'],
] as const;
export const POSITIONS = ['GK', 'CB', 'LB', 'RB', 'CDM', 'CM', 'CAM', 'LM', 'RM', 'LW', 'RW', 'CF', 'ST'] as const;
export const MIN_PROBS = ['0', '0.05', '0.1', '0.2', '0.3', '0.5'] as const;
export const SORTS = ['probability', 'market_value', 'contract', 'player'] as const;

const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' || v == null ? undefined : v), s.optional());

export const MarketParams = z.object({
  horizon: z.preprocess((v) => (v === '' || v == null ? '90' : v), z.enum(['30', '90', '180'])).transform(Number),
  league: optional(z.enum(LEAGUES.map(([c]) => c) as [string, ...string[]])),
  club: optional(z.string().max(160).regex(/^[A-Za-z0-9._~-]+$/, 'must be a club slug or id')),
  position: optional(z.enum(POSITIONS)),
  min_prob: z.preprocess((v) => (v === '' || v == null ? '0.05' : v), z.coerce.number().min(0).max(1)),
  sort: z.preprocess((v) => (v === '' || v == null ? 'probability' : v), z.enum(SORTS)),
  dir: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(['asc', 'desc']).optional()),
  cursor: optional(z.string().max(512)),
  page: z.preprocess((v) => (v === '' || v == null ? '1' : v), z.coerce.number().int().min(1).max(10_000)),
});
export type MarketParams = z.infer<typeof MarketParams>;

export function parseMarketParams(search: URLSearchParams): { params: MarketParams | null; error: string | null } {
  const r = MarketParams.safeParse(Object.fromEntries(search));
  if (r.success) return { params: r.data, error: null };
  return { params: null, error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

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
