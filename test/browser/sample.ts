/**
 * Real entities to visit, found through the API (never hard-coded ids): a well-known player with predictions, a
 * second player for comparisons, and the first player's club; and, from the fixture's files, a player the data
 * source stopped following.
 */
import { playerUuid } from '../../db/ids';
import { FIXTURE_DATASET_DIR } from '../../db/seed';
import { readCsvFile } from '../../workers/pipeline/ingest/csv';

export interface Sample {
  player: { slug: string; name: string; id: string };
  other: { slug: string; name: string };
  club: { slug: string; name: string };
  pastDate: string;
}

async function json<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url} answered ${r.status}`);
  return (await r.json()) as T;
}

type Detail = { id: string; slug: string; name: string; current_club: { slug: string; name: string } | null; predictions: { p_move: number | null }[] };

/** The first candidate name that resolves to a player with a club and published probabilities. */
async function findPlayer(apiUrl: string, names: string[], exclude?: string): Promise<Detail> {
  for (const q of names) {
    const s = await json<{ results: { slug: string }[] }>(`${apiUrl}/api/v1/search?type=player&limit=1&q=${encodeURIComponent(q)}`);
    const slug = s.results[0]?.slug;
    if (!slug || slug === exclude) continue;
    const d = await json<Detail>(`${apiUrl}/api/v1/players/${slug}`);
    if (d.current_club && d.predictions.some((p) => p.p_move != null)) return d;
  }
  throw new Error(`none of ${names.join(', ')} is a player with a club and published probabilities in this database`);
}

export async function findSample(apiUrl: string): Promise<Sample> {
  const player = await findPlayer(apiUrl, ['Bukayo Saka', 'Martin Ødegaard', 'Erling Haaland', 'Mohamed Salah', 'Cole Palmer', 'Declan Rice']);
  const other = await findPlayer(apiUrl, ['Erling Haaland', 'Mohamed Salah', 'Cole Palmer', 'Declan Rice', 'Phil Foden'], player.slug);
  return {
    player: { slug: player.slug, name: player.name, id: player.id },
    other: { slug: other.slug, name: other.name },
    club: { slug: player.current_club!.slug, name: player.current_club!.name },
    pastDate: '2024-06-30',
  };
}

/** The pages every script visits, named for output (file names, table rows). */
export function mainPages(s: Sample): [name: string, path: string][] {
  return [
    ['home', '/'],
    ['market', '/market'],
    ['market-filtered', '/market?horizon=180&league=GB1&min_prob=0.1&sort=market_value'],
    ['player', `/p/${s.player.slug}`],
    ['player-past', `/p/${s.player.slug}?as_of=${s.pastDate}`],
    ['club', `/c/${s.club.slug}`],
    ['compare', `/compare?p1=${s.player.slug}&p2=${s.other.slug}`],
    ['watchlist', '/watchlist'],
    ['accuracy', '/accuracy'],
  ];
}

/** The id of a fixture player with a ledger whose last covered season was 2023/24: the source stopped following him. */
export function notFollowedPlayerId(): string {
  const players = readCsvFile(`${FIXTURE_DATASET_DIR}/players.csv.gz`);
  const transfers = readCsvFile(`${FIXTURE_DATASET_DIR}/transfers.csv.gz`);
  const withLedger = new Set(transfers.rows.map((r) => r[transfers.header.indexOf('player_id')]));
  const season = players.header.indexOf('last_season');
  const row = players.rows.find((r) => r[season] === '2023' && withLedger.has(r[0]));
  if (!row) throw new Error('the fixture has no player whose last covered season was 2023/24');
  return playerUuid(row[0]!);
}
