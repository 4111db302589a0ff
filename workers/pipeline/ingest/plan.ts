/**
 * Pure mapping from a validated dataset to the rows of the four-layer schema (no I/O). Each row carries the
 * deterministic key that makes re-runs idempotent; every row not loaded is counted under a reason.
 */
import { clubUuid as clubUuidOf, competitionUuid, playerUuid as playerUuidOf, seasonUuid } from '../../../db/ids';
import type { Cell } from './bulk';
import { followedUntil, seasonOf } from './coverage';
import { DatasetError, type ClubRow, type Dataset, type PlayerRow, type TransferRow } from './dataset';
import { competitionDisplayName, searchName, type SlugCandidate } from './names';
import { mapPosition } from './positions';
import { fullSeason, labelCareer, type Leg } from './transfer-types';

export interface PlanOptions {
  /** Only players whose snapshot club, or any transfer's club, plays in one of these league codes (e.g. GB1). */
  leagues?: string[];
  includeSupplement?: boolean;
}

/** What happened to the rows of one source file. */
export interface FileStats {
  file: string;
  read: number;
  skipped: Record<string, number>;
}

export interface PlayerDraft {
  tmId: number;
  /** name, full_name, search_name, date_of_birth, nationality, country_of_birth, position, position_group, sub_position, foot, height_cm, is_active */
  cells: Cell[];
  slug: SlugCandidate;
}

export type Target = 'competitions' | 'seasons' | 'clubs' | 'players' | 'transfer_events' | 'market_value' | 'season_appearances' | 'snapshot_facts';

/** Rows from one source file for one target table (or signal family). */
export interface Load {
  file: string;
  target: Target;
  rows: Cell[][];
}

export interface Plan {
  /** The latest snapshot loaded (the supplement's when included). */
  snapshotDate: string;
  /** competitions, seasons, transfers, signals: ready to insert. */
  loads: Load[];
  /** Clubs and players still need slugs, which depend on the slugs already in the database. */
  clubs: { cells: Cell[]; slug: SlugCandidate }[];
  players: PlayerDraft[];
  stats: FileStats[];
}

/** Hashing is the costliest step of the mapping: each id is hashed once. */
function memo(fn: (id: number) => string) {
  const cache = new Map<number, string>();
  return (id: number) => {
    let v = cache.get(id);
    if (v === undefined) cache.set(id, (v = fn(id)));
    return v;
  };
}

const MIN_HEIGHT_CM = 140;
const MAX_HEIGHT_CM = 220;
const ACTIVE_WITHIN_DAYS = 365;

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

class Stats {
  map = new Map<string, FileStats>();
  file(file: string, read: number) {
    const s = { file, read, skipped: {} };
    this.map.set(file, s);
    return s;
  }
  skip(file: string, reason: string, n = 1) {
    const s = this.map.get(file)!;
    s.skipped[reason] = (s.skipped[reason] ?? 0) + n;
  }
}

/** Transfer rows per player, in file (career) order. */
export function careersOf(rows: TransferRow[]): Map<number, TransferRow[]> {
  const careers = new Map<number, TransferRow[]>();
  for (const t of rows) {
    const list = careers.get(t.player_id);
    if (list) list.push(t);
    else careers.set(t.player_id, [t]);
  }
  return careers;
}

/** Ledger labels of one player's transfer rows (see transfer-types.ts). */
export function labelTransfers(rows: TransferRow[], isStatusClub: (clubId: number) => boolean) {
  const legs: Leg[] = rows.map((t) => ({
    date: t.transfer_date,
    fromClubId: t.from_club_id,
    toClubId: t.to_club_id,
    fee: t.transfer_fee_eur,
    fromName: t.from_club_name,
    toName: t.to_club_name,
    fromYouth: t.from_youth_or_reserve ?? false,
    toYouth: t.to_youth_or_reserve ?? false,
  }));
  return labelCareer(legs, isStatusClub);
}

export function planIngest(ds: Dataset, opts: PlanOptions = {}): Plan {
  const stats = new Stats();
  const playerUuid = memo(playerUuidOf);
  const clubUuid = memo(clubUuidOf);
  const supplement = opts.includeSupplement && ds.supplementPlayers && ds.supplementValuations;
  const latestSnapshot = supplement && ds.supplementSnapshotDate ? ds.supplementSnapshotDate : ds.snapshotDate;

  // ---- competitions and seasons
  stats.file(ds.competitions.file, ds.competitions.rows.length);
  const competitionCodes = new Set(ds.competitions.rows.map((c) => c.competition_id));
  const competitionCountry = new Map(ds.competitions.rows.map((c) => [c.competition_id, c.country_name]));
  const competitions = ds.competitions.rows.map((c): Cell[] => [
    competitionUuid(c.competition_id),
    competitionDisplayName(c.name),
    c.competition_id,
    c.country_name ?? 'International',
    c.type,
    c.sub_type === 'first_tier' ? 1 : c.type === 'domestic_league' ? 2 : 1,
    c.is_top5_league,
    c.competition_id,
  ]);
  const firstSeason = ds.appearances.rows.reduce((m, a) => Math.min(m, a.year), seasonOf(ds.snapshotDate));
  const seasons: Cell[][] = [];
  for (const c of ds.competitions.rows) {
    for (let y = firstSeason; y <= seasonOf(latestSnapshot); y++) {
      const name = `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
      seasons.push([seasonUuid(c.competition_id, name), competitionUuid(c.competition_id), name, `${y}-07-01`, `${y + 1}-06-30`]);
    }
  }

  // ---- clubs: all of them (small), status pseudo-clubs flagged
  stats.file(ds.clubs.file, ds.clubs.rows.length);
  const clubById = new Map<number, ClubRow>(ds.clubs.rows.map((c) => [c.club_id, c]));
  const isStatusClub = (id: number) => clubById.get(id)?.is_status_pseudo_club ?? false;
  const clubs = ds.clubs.rows.map((c) => {
    const name = c.name ?? `Transfermarkt club ${c.club_id}`;
    const league = c.domestic_competition_id && competitionCodes.has(c.domestic_competition_id) ? c.domestic_competition_id : null;
    return {
      cells: [
        clubUuid(c.club_id),
        name,
        searchName(name),
        (league && competitionCountry.get(league)) ?? null,
        league ? competitionUuid(league) : null,
        c.stadium_name,
        c.stadium_seats,
        c.squad_size,
        c.average_age === null ? null : String(c.average_age),
        String(c.club_id),
        c.is_status_pseudo_club,
        c.is_youth_or_reserve_guess,
        !c.is_status_pseudo_club,
      ] as Cell[],
      // Clubs with attributes (the covered leagues) win a contested plain slug.
      slug: { key: String(c.club_id), name, rank: c.attrs_snapshot ? 1 : 0 },
    };
  });

  // ---- which players to load
  const leagues = opts.leagues?.length ? new Set(opts.leagues) : undefined;
  const unknownLeagues = [...(leagues ?? [])].filter((l) => !competitionCodes.has(l));
  if (unknownLeagues.length) {
    const known = ds.competitions.rows.filter((c) => c.type === 'domestic_league').map((c) => c.competition_id);
    throw new DatasetError([`--leagues: unknown league code(s) ${unknownLeagues.join(', ')} (known: ${known.join(', ')})`], unknownLeagues.length);
  }
  const clubLeague = (id: number) => clubById.get(id)?.domestic_competition_id ?? null;
  const selected = new Set<number>();
  for (const p of ds.players.rows) if (!leagues || (p.current_club_domestic_competition_id && leagues.has(p.current_club_domestic_competition_id))) selected.add(p.player_id);
  if (leagues) {
    for (const t of ds.transfers.rows) {
      const a = clubLeague(t.from_club_id);
      const b = clubLeague(t.to_club_id);
      if ((a && leagues.has(a)) || (b && leagues.has(b))) selected.add(t.player_id);
    }
  }
  const profiles = new Map<number, PlayerRow>();
  for (const p of ds.players.rows) if (selected.has(p.player_id)) profiles.set(p.player_id, p);
  const coreIds = new Set(ds.players.rows.map((p) => p.player_id));
  if (supplement) {
    for (const p of ds.supplementPlayers!.rows) {
      const inLeagues = !leagues || (p.current_club_domestic_competition_id !== null && leagues.has(p.current_club_domestic_competition_id));
      if (selected.has(p.player_id) || (!coreIds.has(p.player_id) && inLeagues)) {
        selected.add(p.player_id);
        profiles.set(p.player_id, p); // the 2026 profile is newer than the 2024 one
      }
    }
  }

  const loads: Load[] = [
    { file: ds.competitions.file, target: 'competitions', rows: competitions },
    { file: ds.competitions.file, target: 'seasons', rows: seasons },
  ];
  // ---- transfers (labels from the rows present, including scheduled ones, which are then not loaded)
  const tf = ds.transfers.file;
  stats.file(tf, ds.transfers.rows.length);
  const transfers: Cell[][] = [];
  loads.push({ file: tf, target: 'transfer_events', rows: transfers });
  const lastSeen = new Map<number, string>();
  const seen = (player: number, date: string) => {
    if (date <= latestSnapshot && (lastSeen.get(player) ?? '') < date) lastSeen.set(player, date);
  };
  const withLedger = new Set<number>();
  for (const [player, rows] of careersOf(ds.transfers.rows)) {
    if (!selected.has(player)) {
      stats.skip(tf, 'player outside the selected leagues', rows.length);
      continue;
    }
    withLedger.add(player);
    const labels = labelTransfers(rows, isStatusClub);
    rows.forEach((t, i) => {
      if (t.transfer_date > ds.snapshotDate) {
        stats.skip(tf, 'scheduled after the snapshot date (kept only as a loan end date)');
        return;
      }
      seen(player, t.transfer_date);
      const label = labels[i]!;
      transfers.push([
        `tm-${player}-${t.transfer_date}-${t.from_club_id}-${t.to_club_id}`,
        playerUuid(player),
        clubUuid(t.from_club_id),
        clubUuid(t.to_club_id),
        label.transferType,
        t.transfer_date,
        fullSeason(t.transfer_season, t.transfer_date),
        t.transfer_fee_eur,
        label.feeType,
        t.market_value_eur,
        label.loanEndDate,
        JSON.stringify({ from_club_name: t.from_club_name, to_club_name: t.to_club_name }),
      ]);
    });
  }

  // ---- market values (core, then the supplement; the same player and date is one signal)
  const valueKeys = new Set<string>();
  const highest = new Map<number, number>();
  const addValues = (file: string, rows: { player_id: number; date: string; market_value_eur: number; club_id_asof?: number | null }[]) => {
    stats.file(file, rows.length);
    const marketValues: Cell[][] = [];
    loads.push({ file, target: 'market_value', rows: marketValues });
    for (const v of rows) {
      if (!selected.has(v.player_id)) {
        stats.skip(file, 'player outside the selected leagues');
        continue;
      }
      const signalId = `tm:mv:${v.player_id}:${v.date}`;
      if (valueKeys.has(signalId)) {
        stats.skip(file, 'same player and date already in an earlier file');
        continue;
      }
      valueKeys.add(signalId);
      seen(v.player_id, v.date);
      highest.set(v.player_id, Math.max(highest.get(v.player_id) ?? 0, v.market_value_eur));
      marketValues.push([signalId, playerUuid(v.player_id), v.market_value_eur, v.date, v.club_id_asof ?? null]);
    }
  };
  addValues(ds.valuations.file, ds.valuations.rows);
  if (supplement) addValues(ds.supplementValuations!.file, ds.supplementValuations!.rows);

  // ---- yearly appearances: effective and observed on 1 January after the year
  const af = ds.appearances.file;
  stats.file(af, ds.appearances.rows.length);
  const lastYear = ds.appearances.rows.reduce((m, a) => Math.max(m, a.year), 0);
  const appearances: Cell[][] = [];
  loads.push({ file: af, target: 'season_appearances', rows: appearances });
  for (const a of ds.appearances.rows) {
    if (!selected.has(a.player_id)) {
      stats.skip(af, coreIds.has(a.player_id) || supplement ? 'player outside the selected leagues' : 'player only in the supplement (not loaded)');
      continue;
    }
    // The source was cut mid-year after the core snapshot: its last year is a partial total (flagged, not hidden).
    const partial = a.year === lastYear && a.year > seasonOf(ds.snapshotDate);
    appearances.push([
      `tm:apps:${a.player_id}:${a.year}`,
      playerUuid(a.player_id),
      a.year,
      a.games,
      a.minutes_played,
      a.goals,
      a.assists,
      a.yellow_cards,
      a.red_cards,
      `${a.year + 1}-01-01`,
      partial,
    ]);
  }

  // ---- players and their snapshot-only facts
  const players: PlayerDraft[] = [];
  const pf = ds.players.file;
  stats.file(pf, ds.players.rows.length);
  stats.skip(pf, 'player outside the selected leagues', ds.players.rows.filter((p) => !selected.has(p.player_id)).length);
  if (supplement) {
    const sf = ds.supplementPlayers!.file;
    stats.file(sf, ds.supplementPlayers!.rows.length);
    stats.skip(sf, 'player outside the selected leagues', ds.supplementPlayers!.rows.filter((p) => !selected.has(p.player_id)).length);
  }
  const factRows = (file: string) => {
    let rows = loads.find((l) => l.file === file && l.target === 'snapshot_facts')?.rows;
    if (!rows) loads.push({ file, target: 'snapshot_facts', rows: (rows = []) });
    return rows;
  };
  const addFacts = (p: PlayerRow, file: string, snapshot: string) => {
    const snapshotFacts = factRows(file);
    const id = playerUuid(p.player_id);
    if (p.contract_expiration_date) snapshotFacts.push([`tm:contract:${p.player_id}:${snapshot}`, 'player', id, null, 'contract_expiry', p.contract_expiration_date, snapshot, null]);
    if (p.agent_name) snapshotFacts.push([`tm:agent:${p.player_id}:${snapshot}`, 'player', id, null, 'agent', p.agent_name, snapshot, null]);
    if (p.current_club_id) {
      // The source keeps a player's last covered club after he leaves the covered leagues: only trust it
      // while he is still there (last_season = the snapshot's season).
      if (p.last_season !== seasonOf(snapshot)) stats.skip(file, 'current club stale (player left the covered leagues)');
      else
        snapshotFacts.push([
          `tm:club:${p.player_id}:${snapshot}`,
          'club_player_pair',
          id,
          clubUuid(p.current_club_id),
          'current_club',
          String(p.current_club_id),
          snapshot,
          JSON.stringify({ competition: p.current_club_domestic_competition_id }),
        ]);
    }
  };
  for (const p of ds.players.rows) if (selected.has(p.player_id)) addFacts(p, pf, ds.snapshotDate);
  // The day the source stopped following each player who left its coverage (the ledger's own rows say it; evaluate
  // leaves his later windows unscored). Core profiles only: the supplement has no ledger.
  const followed = followedUntil(
    ds.players.rows.map((p) => ({ playerId: p.player_id, lastSeason: p.last_season })),
    ds.transfers.rows.map((t) => ({ playerId: t.player_id, date: t.transfer_date, afterSnapshot: t.after_snapshot === true })),
    ds.snapshotDate,
  );
  for (const [tmId, until] of followed) {
    if (until < ds.snapshotDate && withLedger.has(tmId)) {
      factRows(pf).push([`tm:followed:${tmId}:${ds.snapshotDate}`, 'player', playerUuid(tmId), null, 'ledger_followed_until', until, ds.snapshotDate, null]);
    }
  }
  if (supplement) for (const p of ds.supplementPlayers!.rows) if (selected.has(p.player_id)) addFacts(p, ds.supplementPlayers!.file, ds.supplementSnapshotDate!);

  const activeSince = addDays(latestSnapshot, -ACTIVE_WITHIN_DAYS);
  for (const p of profiles.values()) {
    const { code, group } = mapPosition(p.position, p.sub_position);
    const height = p.height_in_cm !== null && p.height_in_cm >= MIN_HEIGHT_CM && p.height_in_cm <= MAX_HEIGHT_CM ? p.height_in_cm : null;
    const fullName = [p.first_name, p.last_name].filter(Boolean).join(' ');
    players.push({
      tmId: p.player_id,
      cells: [
        p.name,
        fullName && fullName !== p.name ? fullName : null,
        searchName(p.name),
        p.date_of_birth,
        p.country_of_citizenship,
        p.country_of_birth,
        code,
        group,
        p.sub_position,
        p.foot,
        height,
        (lastSeen.get(p.player_id) ?? '') >= activeSince,
      ],
      slug: { key: String(p.player_id), name: p.name, rank: highest.get(p.player_id) ?? 0 },
    });
  }

  return { snapshotDate: latestSnapshot, loads, clubs, players, stats: [...stats.map.values()] };
}
