/**
 * `npm run pipeline -- dataset:cut --as-of D --out DIR [--dir SRC]`: a copy of a dataset that physically ends at D,
 * for backtests. Dated rows after D are removed (valuations and transfers by date; a yearly appearance total only
 * once its year has ended by D), snapshot-only columns are blanked (contracts, agents, current clubs, club squad
 * statistics), the dataset's own loan guesses (`move_type`, made from later return legs) are blanked, and the
 * per-player summaries are recomputed from the rows that remain. Players with no row left are dropped. The
 * supplement (a 2026 selection of players) is not carried over. `ingest:real --dir DIR` loads the result.
 */
import { parseArgs } from 'node:util';
import { REAL_DATASET_DIR } from '../../../db/seed';
import { col, readManifest, readRaw, withColumns, writeRaw, type RawDataset } from './raw';

const CORE = ['competitions', 'clubs', 'players', 'valuations', 'transfers', 'appearances'] as const;

export function cutDataset(srcDir: string, asOf: string, outDir: string) {
  const src = readRaw(srcDir, [...CORE]);
  const { competitions, clubs, players, valuations, transfers, appearances } = src;
  if (!competitions || !clubs || !players || !valuations || !transfers || !appearances) throw new Error(`${srcDir} is missing core files`);

  const vDate = col(valuations, 'date');
  const vPlayer = col(valuations, 'player_id');
  const vValue = col(valuations, 'market_value_eur');
  const keptValuations = { header: valuations.header, rows: valuations.rows.filter((r) => vDate(r) <= asOf) };
  const tDate = col(transfers, 'transfer_date');
  const keptTransfers = withColumns(
    { header: transfers.header, rows: transfers.rows.filter((r) => tDate(r) <= asOf) },
    { move_type: () => '', after_snapshot: () => 'false' },
  );
  const endedBy = Number(asOf.slice(0, 4)) - 1; // the last calendar year complete on D
  const aYear = col(appearances, 'year');
  const keptAppearances = { header: appearances.header, rows: appearances.rows.filter((r) => Number(aYear(r)) <= endedBy) };

  // Per-player summaries from the rows that remain.
  const summary = new Map<string, { n: number; first: string; last: string; lastValue: string; highest: number }>();
  for (const r of keptValuations.rows) {
    const s = summary.get(vPlayer(r)) ?? { n: 0, first: vDate(r), last: '', lastValue: '', highest: 0 };
    s.n++;
    if (vDate(r) < s.first) s.first = vDate(r);
    if (vDate(r) >= s.last) {
      s.last = vDate(r);
      s.lastValue = vValue(r);
    }
    s.highest = Math.max(s.highest, Number(vValue(r)));
    summary.set(vPlayer(r), s);
  }
  const withTransfers = new Set(keptTransfers.rows.map(col(transfers, 'player_id')));
  const present = new Set([...summary.keys(), ...withTransfers, ...keptAppearances.rows.map(col(appearances, 'player_id'))]);
  const pId = col(players, 'player_id');
  const blank = () => '';
  const keptPlayers = withColumns(
    { header: players.header, rows: players.rows.filter((r) => present.has(pId(r))) },
    {
      current_club_id: blank,
      current_club_domestic_competition_id: blank,
      contract_expiration_date: blank,
      agent_name: blank,
      last_season: blank,
      market_value_eur: (r) => summary.get(pId(r))?.lastValue ?? '',
      highest_market_value_eur: (r) => String(summary.get(pId(r))?.highest ?? ''),
      has_transfer_history: (r) => String(withTransfers.has(pId(r))),
      n_valuations: (r) => String(summary.get(pId(r))?.n ?? 0),
      first_valuation_date: (r) => summary.get(pId(r))?.first ?? '',
      last_valuation_date: (r) => summary.get(pId(r))?.last ?? '',
    },
  );
  const keptClubs = withColumns(clubs, {
    last_season_in_covered_league: blank,
    squad_size: blank,
    average_age: blank,
    foreigners_percentage: blank,
    national_team_players: blank,
    attrs_snapshot: blank,
  });

  const out: RawDataset = { competitions, clubs: keptClubs, players: keptPlayers, valuations: keptValuations, transfers: keptTransfers, appearances: keptAppearances };
  const source = readManifest(srcDir);
  writeRaw(
    outDir,
    out,
    { cut_as_of: asOf, cut_from: { dir: srcDir, core_dates: source.core_dates ?? null }, core_dates: { s: asOf } },
    `# Dataset cut at ${asOf}\n\nDerived by \`npm run pipeline -- dataset:cut --as-of ${asOf}\` from the bundled real dataset ` +
      `(db/seed/real; credit: Transfermarkt, via transfermarkt-datasets (CC0)). Every dated row after ${asOf} is removed, ` +
      `snapshot-only columns are blank and move_type is blank; see docs/data-ingest.md.\n`,
  );
  return { players: keptPlayers.rows.length, valuations: keptValuations.rows.length, transfers: keptTransfers.rows.length, appearances: keptAppearances.rows.length };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'as-of': { type: 'string' }, out: { type: 'string' }, dir: { type: 'string' } } });
  const asOf = values['as-of'];
  if (!asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf) || !values.out) {
    console.error('usage: npm run pipeline -- dataset:cut --as-of YYYY-MM-DD --out DIR [--dir SRC]');
    return 2;
  }
  const counts = cutDataset(values.dir ?? REAL_DATASET_DIR, asOf, values.out);
  console.log(`dataset cut at ${asOf} written to ${values.out}: ${JSON.stringify(counts)}`);
  return 0;
}
