/**
 * Reading and validating a Transfermarkt dataset directory (the format of db/seed/real, see its README).
 * Every file is validated completely, row by row with zod and then across files (unknown club or player ids,
 * duplicate keys), before anything is written. Errors carry the file and line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readCsvFile } from './csv';

// ---- columns -------------------------------------------------------------------------------------------------
// Each column has a kind. A file is validated with a zod object of plain string checks (fast: zod compiles them),
// then converted to typed values; transforms in the schema would make validation ~30x slower on 490k rows.

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const KINDS = {
  id: { check: z.string().regex(/^[1-9]\d*$/, 'a positive integer id expected'), convert: Number },
  optId: { check: z.string().regex(/^([1-9]\d*)?$/, 'a positive integer id or empty expected'), convert: (v: string) => (v === '' ? null : Number(v)) },
  count: { check: z.string().regex(/^\d+$/, 'a non-negative integer expected'), convert: Number },
  optCount: { check: z.string().regex(/^(\d+)?$/, 'a non-negative integer or empty expected'), convert: (v: string) => (v === '' ? null : Number(v)) },
  optDecimal: { check: z.string().regex(/^(\d+(\.\d+)?)?$/, 'a non-negative number or empty expected'), convert: (v: string) => (v === '' ? null : Number(v)) },
  year: { check: z.string().regex(/^(19|20)\d\d$/, 'a year expected'), convert: Number },
  optYear: { check: z.string().regex(/^((19|20)\d\d)?$/, 'a year or empty expected'), convert: (v: string) => (v === '' ? null : Number(v)) },
  date: { check: z.string().regex(DATE, 'an ISO date YYYY-MM-DD expected').refine((v) => !DATE.test(v) || realDate(v), 'not a calendar date'), convert: (v: string) => v },
  optDate: {
    check: z.string().regex(/^(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?$/, 'an ISO date YYYY-MM-DD or empty expected').refine((v) => !DATE.test(v) || realDate(v), 'not a calendar date'),
    convert: (v: string) => (v === '' ? null : v),
  },
  season: { check: z.string().regex(/^(\d\d\/\d\d)?$/, 'a season like 23/24 or empty expected'), convert: (v: string) => (v === '' ? null : v) },
  flag: { check: z.enum(['true', 'false'], 'true or false expected'), convert: (v: string) => v === 'true' },
  optFlag: { check: z.enum(['true', 'false', ''], 'true, false or empty expected'), convert: (v: string) => (v === '' ? null : v === 'true') },
  text: { check: z.string().min(1, 'is required'), convert: (v: string) => v },
  optText: { check: z.string(), convert: (v: string) => (v === '' ? null : v) },
} as const;
type Kind = keyof typeof KINDS;
type Spec = Record<string, Kind>;
type RowOf<S extends Spec> = { -readonly [K in keyof S]: ReturnType<(typeof KINDS)[S[K]]['convert']> };

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The day exists in that month (the regex already checked the shape). */
function realDate(v: string) {
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(5, 7));
  const d = Number(v.slice(8, 10));
  if (m === 2 && d === 29) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= DAYS_IN_MONTH[m - 1]!;
}

const competitionSpec = {
  competition_id: 'text', name: 'text', type: 'text', sub_type: 'optText', country_name: 'optText', confederation: 'optText',
  domestic_league_code: 'optText', is_major_national_league: 'flag', is_top5_league: 'flag',
} as const satisfies Spec;
const clubSpec = {
  club_id: 'id',
  name: 'optText', // empty for a few clubs the source knows only by id
  domestic_competition_id: 'optText', last_season_in_covered_league: 'optYear', squad_size: 'optCount', average_age: 'optDecimal',
  foreigners_percentage: 'optDecimal', national_team_players: 'optCount', stadium_name: 'optText', stadium_seats: 'optCount',
  attrs_snapshot: 'optText', is_status_pseudo_club: 'flag', is_youth_or_reserve_guess: 'flag',
} as const satisfies Spec;
const supplementPlayerSpec = {
  player_id: 'id', name: 'text', first_name: 'optText', last_name: 'optText', date_of_birth: 'optDate', country_of_citizenship: 'optText',
  country_of_birth: 'optText', city_of_birth: 'optText', position: 'optText', sub_position: 'optText', foot: 'optText',
  height_in_cm: 'optCount', // a few rows hold implausible heights (18, 19): the mapping drops them
  current_club_id: 'optId', current_club_domestic_competition_id: 'optText', contract_expiration_date: 'optDate', agent_name: 'optText',
  market_value_eur: 'optCount', highest_market_value_eur: 'optCount', last_season: 'optYear', n_valuations: 'optCount',
  first_valuation_date: 'optDate', last_valuation_date: 'optDate',
} as const satisfies Spec;
const playerSpec = { ...supplementPlayerSpec, has_transfer_history: 'optFlag' } as const satisfies Spec;
const supplementValuationSpec = { player_id: 'id', date: 'date', market_value_eur: 'count' } as const satisfies Spec;
const valuationSpec = { ...supplementValuationSpec, club_id_asof: 'optId' } as const satisfies Spec;
const transferSpec = {
  player_id: 'id', player_name: 'optText', transfer_date: 'date', transfer_season: 'season', from_club_id: 'id', from_club_name: 'optText',
  to_club_id: 'id', to_club_name: 'optText', transfer_fee_eur: 'optCount', market_value_eur: 'optCount', move_type: 'optText',
  from_youth_or_reserve: 'optFlag', to_youth_or_reserve: 'optFlag', after_snapshot: 'optFlag',
} as const satisfies Spec;
const appearanceSpec = {
  player_id: 'id', year: 'year', games: 'count', goals: 'count', assists: 'count', minutes_played: 'count', yellow_cards: 'count', red_cards: 'count',
} as const satisfies Spec;

export type CompetitionRow = RowOf<typeof competitionSpec>;
export type ClubRow = RowOf<typeof clubSpec>;
export type PlayerRow = RowOf<typeof supplementPlayerSpec> & { has_transfer_history?: boolean | null };
export type ValuationRow = RowOf<typeof supplementValuationSpec> & { club_id_asof?: number | null };
export type TransferRow = RowOf<typeof transferSpec>;
export type AppearanceRow = RowOf<typeof appearanceSpec>;

/** The dataset's files, relative to its directory. */
export const FILES = {
  competitions: 'competitions.csv',
  clubs: 'clubs.csv',
  players: 'players.csv.gz',
  valuations: 'valuations.csv.gz',
  transfers: 'transfers.csv.gz',
  appearances: 'appearances_player_year.csv.gz',
  supplementPlayers: 'supplement_2026_top10k/players.csv.gz',
  supplementValuations: 'supplement_2026_top10k/valuations.csv.gz',
} as const;
export type FileKey = keyof typeof FILES;

const manifestSchema = z.object({
  files: z.record(z.string(), z.object({ rows: z.number().int().nonnegative() })).optional(),
  core_dates: z.object({ s: z.string().regex(DATE).refine(realDate, "an ISO date") }).optional(),
  supplement_dates: z.object({ s: z.string().regex(DATE).refine(realDate, "an ISO date") }).optional(),
  cut_as_of: z.string().optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

// ---- validation ---------------------------------------------------------------------------------------------

export interface Rows<T> {
  file: string;
  rows: T[];
  lines: number[];
}

export interface Dataset {
  dir: string;
  manifest: Manifest;
  /** The date the snapshot-only columns (contracts, current club, agent) describe. */
  snapshotDate: string;
  supplementSnapshotDate?: string;
  competitions: Rows<CompetitionRow>;
  clubs: Rows<ClubRow>;
  players: Rows<PlayerRow>;
  valuations: Rows<ValuationRow>;
  transfers: Rows<TransferRow>;
  appearances: Rows<AppearanceRow>;
  supplementPlayers?: Rows<PlayerRow>;
  supplementValuations?: Rows<ValuationRow>;
}

const MAX_ERRORS_PER_FILE = 20;

export class DatasetError extends Error {
  constructor(
    /** "file:line: message" lines, at most MAX_ERRORS_PER_FILE per file. */
    readonly problems: string[],
    readonly total: number,
  ) {
    super(`dataset validation failed (${total} problem${total === 1 ? '' : 's'}); nothing was written:\n  ${problems.join('\n  ')}`);
    this.name = 'DatasetError';
  }
}

class Problems {
  list: string[] = [];
  total = 0;
  private perFile = new Map<string, number>();
  add(file: string, line: number | undefined, message: string) {
    this.total++;
    const n = (this.perFile.get(file) ?? 0) + 1;
    this.perFile.set(file, n);
    if (n <= MAX_ERRORS_PER_FILE) this.list.push(`${file}${line ? `:${line}` : ''}: ${message}`);
    else if (n === MAX_ERRORS_PER_FILE + 1) this.list.push(`${file}: … more problems not shown`);
  }
}

/** One zod array schema per column kind: a whole column is checked in one call (far less garbage than per row). */
const columnSchemas = new Map<Kind, z.ZodArray>();
function columnSchema(kind: Kind) {
  let schema = columnSchemas.get(kind);
  if (!schema) columnSchemas.set(kind, (schema = z.array(KINDS[kind].check)));
  return schema;
}

function readTable<S extends Spec>(dir: string, file: string, spec: S, manifest: Manifest, problems: Problems): Rows<RowOf<S>> {
  const empty = { file, rows: [], lines: [] };
  const path = join(dir, file);
  if (!existsSync(path)) {
    problems.add(file, undefined, 'file is missing');
    return empty;
  }
  let table;
  try {
    table = readCsvFile(path);
  } catch (e) {
    problems.add(file, undefined, `unreadable: ${(e as Error).message}`);
    return empty;
  }
  const columns = Object.keys(spec);
  const missing = columns.filter((c) => !table.header.includes(c));
  if (missing.length) {
    problems.add(file, 1, `missing column(s) ${missing.join(', ')}`);
    return empty;
  }
  const index = columns.map((c) => table.header.indexOf(c));
  // Rows with the right number of fields are validated column by column; a row with any bad cell is dropped.
  const whole: number[] = [];
  table.rows.forEach((raw, r) => {
    if (raw.length === table.header.length) whole.push(r);
    else problems.add(file, table.lines[r], `expected ${table.header.length} fields, found ${raw.length}`);
  });
  const bad = new Set<number>();
  const issues: [line: number, message: string][] = [];
  columns.forEach((column, c) => {
    const values = whole.map((r) => table.rows[r]![index[c]!]!);
    const parsed = columnSchema(spec[column]!).safeParse(values);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const k = Number(issue.path[0]);
      bad.add(whole[k]!);
      issues.push([table.lines[whole[k]!]!, `${column} "${values[k]}": ${issue.message}`]);
    }
  });
  issues.sort((a, b) => a[0] - b[0]).forEach(([line, message]) => problems.add(file, line, message));
  const converters = columns.map((c) => KINDS[spec[c]!].convert as (v: string) => unknown);
  const rows: RowOf<S>[] = [];
  const lines: number[] = [];
  for (const r of whole) {
    if (bad.has(r)) continue;
    const raw = table.rows[r]!;
    const obj: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) obj[columns[c]!] = converters[c]!(raw[index[c]!]!);
    rows.push(obj as RowOf<S>);
    lines.push(table.lines[r]!);
  }
  const expected = manifest.files?.[file]?.rows;
  if (expected !== undefined && expected !== table.rows.length) {
    problems.add(file, undefined, `has ${table.rows.length} rows but manifest.json lists ${expected} (truncated or edited file?)`);
  }
  return { file, rows, lines };
}

function checkUnique<T>(t: Rows<T>, key: (r: T) => string, what: string, problems: Problems) {
  const seen = new Map<string, number>();
  t.rows.forEach((r, i) => {
    const k = key(r);
    const first = seen.get(k);
    if (first !== undefined) problems.add(t.file, t.lines[i], `duplicate ${what} ${k} (first on line ${first})`);
    else seen.set(k, t.lines[i]!);
  });
}

function checkRefs<T>(t: Rows<T>, ref: (r: T) => (number | null | undefined)[], known: Set<number>, what: string, problems: Problems) {
  t.rows.forEach((r, i) => {
    for (const v of ref(r)) if (v != null && !known.has(v)) problems.add(t.file, t.lines[i], `unknown ${what} ${v}`);
  });
}

function readManifest(dir: string, problems: Problems): Manifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return {};
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) problems.add('manifest.json', undefined, `${issue.path.join('.')}: ${issue.message}`);
  } catch (e) {
    problems.add('manifest.json', undefined, `not valid JSON: ${(e as Error).message}`);
  }
  return {};
}

const maxDate = (dates: Iterable<string>) => {
  let m = '';
  for (const d of dates) if (d > m) m = d;
  return m || undefined;
};

/** Reads and fully validates a dataset directory; throws DatasetError listing every problem, before any write. */
export function readDataset(dir: string, opts: { includeSupplement?: boolean } = {}): Dataset {
  const problems = new Problems();
  const manifest = readManifest(dir, problems);
  const read = <S extends Spec>(file: string, spec: S) => readTable(dir, file, spec, manifest, problems);

  const competitions = read(FILES.competitions, competitionSpec);
  const clubs = read(FILES.clubs, clubSpec);
  const players: Rows<PlayerRow> = read(FILES.players, playerSpec);
  const valuations: Rows<ValuationRow> = read(FILES.valuations, valuationSpec);
  const transfers = read(FILES.transfers, transferSpec);
  const appearances = read(FILES.appearances, appearanceSpec);
  const supplementPlayers: Rows<PlayerRow> | undefined = opts.includeSupplement ? read(FILES.supplementPlayers, supplementPlayerSpec) : undefined;
  const supplementValuations: Rows<ValuationRow> | undefined = opts.includeSupplement
    ? read(FILES.supplementValuations, supplementValuationSpec)
    : undefined;

  checkUnique(competitions, (r) => r.competition_id, 'competition_id', problems);
  checkUnique(clubs, (r) => String(r.club_id), 'club_id', problems);
  checkUnique(players, (r) => String(r.player_id), 'player_id', problems);
  checkUnique(valuations, (r) => `${r.player_id}@${r.date}`, 'valuation (player_id@date)', problems);
  checkUnique(transfers, (r) => `${r.player_id}@${r.transfer_date}:${r.from_club_id}->${r.to_club_id}`, 'transfer', problems);
  checkUnique(appearances, (r) => `${r.player_id}@${r.year}`, 'appearance (player_id@year)', problems);
  if (supplementPlayers) checkUnique(supplementPlayers, (r) => String(r.player_id), 'player_id', problems);
  if (supplementValuations) checkUnique(supplementValuations, (r) => `${r.player_id}@${r.date}`, 'valuation (player_id@date)', problems);

  const clubIds = new Set(clubs.rows.map((r) => r.club_id));
  const corePlayerIds = new Set(players.rows.map((r) => r.player_id));
  checkRefs(players, (r) => [r.current_club_id], clubIds, 'club id', problems);
  checkRefs(valuations, (r) => [r.player_id], corePlayerIds, 'player id', problems);
  checkRefs(valuations, (r) => [r.club_id_asof], clubIds, 'club id', problems);
  checkRefs(transfers, (r) => [r.player_id], corePlayerIds, 'player id', problems);
  checkRefs(transfers, (r) => [r.from_club_id, r.to_club_id], clubIds, 'club id', problems);
  transfers.rows.forEach((r, i) => {
    if (r.from_club_id === r.to_club_id) problems.add(transfers.file, transfers.lines[i], `from_club_id equals to_club_id (${r.from_club_id})`);
  });
  // Appearance rows may name players that only the supplement profiles (the README says so); they are skipped, not
  // rejected, when the supplement is not loaded. Any other id is unknown.
  const supplementIds = existsSync(join(dir, FILES.supplementPlayers)) ? supplementIdsOf(dir, supplementPlayers) : new Set<number>();
  checkRefs(appearances, (r) => [r.player_id], new Set([...corePlayerIds, ...supplementIds]), 'player id', problems);
  if (supplementPlayers) checkRefs(supplementPlayers, (r) => [r.current_club_id], clubIds, 'club id', problems);
  if (supplementValuations) checkRefs(supplementValuations, (r) => [r.player_id], new Set([...corePlayerIds, ...supplementIds]), 'player id', problems);

  if (problems.total > 0) throw new DatasetError(problems.list, problems.total);

  const snapshotDate = manifest.core_dates?.s ?? maxDate(valuations.rows.map((r) => r.date)) ?? '1970-01-01';
  const supplementSnapshotDate = supplementValuations
    ? (manifest.supplement_dates?.s ?? maxDate(supplementValuations.rows.map((r) => r.date)))
    : undefined;
  return { dir, manifest, snapshotDate, supplementSnapshotDate, competitions, clubs, players, valuations, transfers, appearances, supplementPlayers, supplementValuations };
}

/** Player ids of the supplement profiles (read cheaply when the supplement itself is not being loaded). */
function supplementIdsOf(dir: string, loaded: Rows<PlayerRow> | undefined): Set<number> {
  if (loaded) return new Set(loaded.rows.map((r) => r.player_id));
  const table = readCsvFile(join(dir, FILES.supplementPlayers));
  const col = table.header.indexOf('player_id');
  return new Set(table.rows.map((r) => Number(r[col])));
}
