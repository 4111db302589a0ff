/**
 * Minimal RFC 4180 CSV reading and writing for the dataset files (comma, header row, UTF-8, optional gzip).
 * Each record keeps the 1-based line number it starts on, so validation errors can point at the file line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

export interface CsvTable {
  header: string[];
  /** Records without the header; fields are raw strings ('' = empty). */
  rows: string[][];
  /** Line (1-based, header = line 1) where each record starts. */
  lines: number[];
}

export function parseCsv(text: string): CsvTable {
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const startLine = line;
    const eol = text.indexOf('\n', i);
    const end = eol === -1 ? n : eol;
    const raw = text.slice(i, end > i && text[end - 1] === '\r' ? end - 1 : end);
    if (!raw.includes('"')) {
      // Fast path: the common unquoted record.
      records.push(raw.split(','));
      lines.push(startLine);
      i = end + 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (; i < n; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\n') break;
      else if (c !== '\r') field += c;
    }
    fields.push(field);
    records.push(fields);
    lines.push(startLine);
    i++;
    line++;
  }
  const header = records.shift() ?? [];
  lines.shift();
  // A trailing empty line is not a record.
  if (records.length && records[records.length - 1]!.length === 1 && records[records.length - 1]![0] === '') {
    records.pop();
    lines.pop();
  }
  return { header, rows: records, lines };
}

export function readCsvFile(path: string): CsvTable {
  const buf = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  return parseCsv(text);
}

const needsQuotes = /[",\r\n]/;
const quote = (v: string) => (needsQuotes.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function formatCsv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';
}

export function writeCsvFile(path: string, header: string[], rows: string[][]) {
  const text = formatCsv(header, rows);
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(text, { level: 9 }) : text);
}
