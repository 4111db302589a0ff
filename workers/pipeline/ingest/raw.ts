/**
 * Dataset directories as raw CSV tables (strings exactly as in the files), for the scripts that derive datasets
 * from the real one: cut-dataset.ts (as of a date) and fixture.ts (a few clubs). Derived directories are
 * written in the same format, with a manifest.json of row counts that the ingest checks.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readCsvFile, writeCsvFile } from './csv';
import { FILES, type FileKey } from './dataset';

export interface RawTable {
  header: string[];
  rows: string[][];
}

export type RawDataset = Partial<Record<FileKey, RawTable>>;

export function readRaw(dir: string, keys: FileKey[] = Object.keys(FILES) as FileKey[]): RawDataset {
  const out: RawDataset = {};
  for (const key of keys) {
    const path = join(dir, FILES[key]);
    if (existsSync(path)) {
      const { header, rows } = readCsvFile(path);
      out[key] = { header, rows };
    }
  }
  return out;
}

/** Column accessor by name: `col(table, 'player_id')(row)`. */
export function col(table: RawTable, name: string) {
  const i = table.header.indexOf(name);
  if (i < 0) throw new Error(`column ${name} missing`);
  return (row: string[]) => row[i]!;
}

/** Returns a copy of each row with the named columns set by `set` (e.g. blanked). */
export function withColumns(table: RawTable, set: Record<string, (row: string[]) => string>): RawTable {
  const fns = Object.entries(set).map(([name, fn]) => [table.header.indexOf(name), fn] as const);
  return {
    header: table.header,
    rows: table.rows.map((r) => {
      const copy = r.slice();
      for (const [i, fn] of fns) if (i >= 0) copy[i] = fn(r);
      return copy;
    }),
  };
}

export function readManifest(dir: string): Record<string, unknown> {
  const path = join(dir, 'manifest.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
}

/** Writes the tables and a manifest (row counts plus `extra`), replacing the directory. */
export function writeRaw(outDir: string, tables: RawDataset, extra: Record<string, unknown>, readme: string) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files: Record<string, { rows: number }> = {};
  for (const [key, table] of Object.entries(tables) as [FileKey, RawTable][]) {
    const path = join(outDir, FILES[key]);
    mkdirSync(dirname(path), { recursive: true });
    writeCsvFile(path, table.header, table.rows);
    files[FILES[key]] = { rows: table.rows.length };
  }
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify({ ...extra, files }, null, 2)}\n`);
  writeFileSync(join(outDir, 'README.md'), readme);
}
