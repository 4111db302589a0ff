/**
 * `npm run pipeline -- dataset:fixture [--dir SRC] [--out DIR]`: derives the small test dataset (db/seed/fixture)
 * from the real files: every player whose transfers touch one of a few clubs since 2019 (so Bellingham, Haaland,
 * Rice, ...), with all their rows, the clubs those rows name, all competitions, and the same players' supplement
 * rows. Nothing in it is written by hand; rerun this after the real dataset changes.
 */
import { parseArgs } from 'node:util';
import { FIXTURE_DATASET_DIR, REAL_DATASET_DIR } from '../../../db/seed';
import { col, readManifest, readRaw, writeRaw, type RawDataset, type RawTable } from './raw';

/** Borussia Dortmund, Real Madrid, Manchester City, Arsenal, West Ham, Bayern Munich, Inter, Benfica, Celtic. */
export const FIXTURE_CLUB_IDS = ['16', '418', '281', '11', '379', '27', '46', '294', '371'];
export const FIXTURE_SINCE = '2019-01-01';

const keep = (t: RawTable, column: string, ids: Set<string>): RawTable => {
  const get = col(t, column);
  return { header: t.header, rows: t.rows.filter((r) => ids.has(get(r))) };
};

export function makeFixture(srcDir: string, outDir: string, clubIds = FIXTURE_CLUB_IDS, since = FIXTURE_SINCE) {
  const src = readRaw(srcDir);
  const { competitions, clubs, players, valuations, transfers, appearances, supplementPlayers, supplementValuations } = src;
  if (!competitions || !clubs || !players || !valuations || !transfers || !appearances) throw new Error(`${srcDir} is missing core files`);

  const focus = new Set(clubIds);
  const [tPlayer, tDate, tFrom, tTo] = ['player_id', 'transfer_date', 'from_club_id', 'to_club_id'].map((c) => col(transfers, c));
  const ids = new Set(transfers.rows.filter((r) => tDate!(r) >= since && (focus.has(tFrom!(r)) || focus.has(tTo!(r)))).map(tPlayer!));

  const out: RawDataset = {
    competitions,
    players: keep(players, 'player_id', ids),
    valuations: keep(valuations, 'player_id', ids),
    transfers: keep(transfers, 'player_id', ids),
    appearances: keep(appearances, 'player_id', ids),
  };
  if (supplementPlayers && supplementValuations) {
    out.supplementPlayers = keep(supplementPlayers, 'player_id', ids);
    out.supplementValuations = keep(supplementValuations, 'player_id', ids);
  }
  // Every club a kept row names, plus the status pseudo-clubs.
  const named = new Set<string>();
  for (const r of out.transfers!.rows) named.add(tFrom!(r)).add(tTo!(r));
  for (const [table, column] of [[out.valuations!, 'club_id_asof'], [out.players!, 'current_club_id'], [out.supplementPlayers, 'current_club_id']] as const) {
    if (!table) continue;
    const get = col(table, column);
    for (const r of table.rows) if (get(r)) named.add(get(r));
  }
  const status = col(clubs, 'is_status_pseudo_club');
  for (const r of clubs.rows) if (status(r) === 'true') named.add(col(clubs, 'club_id')(r));
  out.clubs = keep(clubs, 'club_id', named);

  const source = readManifest(srcDir);
  writeRaw(
    outDir,
    out,
    { fixture: { clubs: clubIds, since }, core_dates: source.core_dates, supplement_dates: source.supplement_dates },
    `# Test fixture (derived, not hand-written)\n\nA subset of the bundled real dataset (db/seed/real; credit: Transfermarkt, via ` +
      `transfermarkt-datasets (CC0)), made by \`npm run pipeline -- dataset:fixture\`: all players whose transfers since ${since} ` +
      `touch clubs ${clubIds.join(', ')}, with all their rows, the clubs those rows name, and all competitions. Same format as the ` +
      `real dataset; row counts are in manifest.json.\n`,
  );
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t!.rows.length]));
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dir: { type: 'string' }, out: { type: 'string' } } });
  const out = values.out ?? FIXTURE_DATASET_DIR;
  const counts = makeFixture(values.dir ?? REAL_DATASET_DIR, out);
  console.log(`fixture written to ${out}: ${JSON.stringify(counts)}`);
  return 0;
}
