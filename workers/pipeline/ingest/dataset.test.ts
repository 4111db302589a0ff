/**
 * Bad input: every malformed row is reported with its file and line, a file that fails validation is refused, and
 * nothing at all is written. Each case corrupts one row of a copy of the fixture.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_DATASET_DIR } from '../../../db/seed';
import { createTestDb } from '../../../test/helpers/db';
import { parseCsv, readCsvFile, writeCsvFile, formatCsv } from './csv';
import { DatasetError, FILES, readDataset } from './dataset';
import { ingestReal } from './ingest';
import { planIngest } from './plan';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the fixture with `edit` applied to one file's rows (line of row i = i + 2). */
function corrupt(file: string, edit: (rows: string[][], header: string[]) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tl-bad-'));
  dirs.push(dir);
  cpSync(FIXTURE_DATASET_DIR, dir, { recursive: true });
  const t = readCsvFile(join(dir, file));
  edit(t.rows, t.header);
  writeCsvFile(join(dir, file), t.header, t.rows);
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    readDataset(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return (e as DatasetError).problems;
  }
  throw new Error('expected the dataset to be rejected');
}

describe('dataset validation', () => {
  it('accepts the fixture as it is', () => {
    expect(readDataset(FIXTURE_DATASET_DIR).players.rows.length).toBeGreaterThan(300);
  });

  it('reports an unparseable date with file and line', () => {
    const dir = corrupt(FILES.valuations, (rows) => (rows[4]![1] = '2023-02-30'));
    expect(problemsOf(dir)).toEqual(['valuations.csv.gz:6: date "2023-02-30": not a calendar date']);
    const dir2 = corrupt(FILES.transfers, (rows) => (rows[9]![2] = '12/07/2023'));
    expect(problemsOf(dir2)).toEqual(['transfers.csv.gz:11: transfer_date "12/07/2023": an ISO date YYYY-MM-DD expected']);
  });

  it('reports an unknown club id with file and line', () => {
    const dir = corrupt(FILES.transfers, (rows, header) => (rows[2]![header.indexOf('to_club_id')] = '99999999'));
    expect(problemsOf(dir)).toEqual(['transfers.csv.gz:4: unknown club id 99999999']);
  });

  it('reports a negative value with file and line', () => {
    const dir = corrupt(FILES.valuations, (rows) => (rows[0]![2] = '-5000000'));
    expect(problemsOf(dir)).toEqual(['valuations.csv.gz:2: market_value_eur "-5000000": a non-negative integer expected']);
  });

  it('reports a duplicate key with both lines', () => {
    const dir = corrupt(FILES.appearances, (rows) => (rows[1] = rows[0]!.slice()));
    const [player, year] = readCsvFile(join(FIXTURE_DATASET_DIR, FILES.appearances)).rows[0]!;
    expect(problemsOf(dir)).toEqual([`appearances_player_year.csv.gz:3: duplicate appearance (player_id@year) ${player}@${year} (first on line 2)`]);
  });

  it('refuses a truncated file (row count differs from the manifest)', () => {
    const dir = corrupt(FILES.transfers, (rows) => rows.pop());
    const expected = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).files[FILES.transfers].rows;
    expect(problemsOf(dir)).toEqual([`transfers.csv.gz: has ${expected - 1} rows but manifest.json lists ${expected} (truncated or edited file?)`]);
  });

  it('reports a missing column and a row with the wrong number of fields', () => {
    const dir = corrupt(FILES.players, (rows) => rows[3]!.pop());
    expect(problemsOf(dir)).toEqual([`players.csv.gz:5: expected 23 fields, found 22`, ...problemsOf(dir).slice(1)]);
    const noColumn = mkdtempSync(join(tmpdir(), 'tl-bad-'));
    dirs.push(noColumn);
    cpSync(FIXTURE_DATASET_DIR, noColumn, { recursive: true });
    writeFileSync(join(noColumn, FILES.competitions), readFileSync(join(noColumn, FILES.competitions), 'utf8').replace('is_top5_league', 'top5'));
    expect(problemsOf(noColumn)).toEqual(['competitions.csv:1: missing column(s) is_top5_league']);
  });

  it('rejects an unknown league code, naming the known ones', () => {
    expect(() => planIngest(readDataset(FIXTURE_DATASET_DIR), { leagues: ['GB1', 'XX1'] })).toThrow(/unknown league code\(s\) XX1 \(known: .*GB1/);
  });

  it('writes nothing at all when any file fails', async () => {
    const t = await createTestDb('badinput');
    const dir = corrupt(FILES.appearances, (rows) => (rows[rows.length - 1]![5] = 'lots'));
    await expect(ingestReal(t.db, { dir })).rejects.toThrow(/appearances_player_year\.csv\.gz:\d+: minutes_played "lots"/);
    const counts = await t.db.execute<Record<string, number>>(sql`SELECT
      (SELECT count(*) FROM competitions)::int AS competitions, (SELECT count(*) FROM clubs)::int AS clubs,
      (SELECT count(*) FROM players)::int AS players, (SELECT count(*) FROM transfer_events)::int AS transfers,
      (SELECT count(*) FROM signal_events)::int AS signals, (SELECT count(*) FROM pipeline_runs)::int AS runs`);
    expect(counts.rows[0]).toEqual({ competitions: 0, clubs: 0, players: 0, transfers: 0, signals: 0, runs: 0 });
  });
});

describe('csv', () => {
  it('round-trips quoted fields, embedded commas, quotes and newlines, and numbers the lines', () => {
    const rows = [['1', 'Saint-Étienne, "Les Verts"', ''], ['2', 'two\nlines', 'x']];
    const parsed = parseCsv(formatCsv(['id', 'name', 'note'], rows));
    expect(parsed.rows).toEqual(rows);
    expect(parsed.lines).toEqual([2, 3]);
  });
});
