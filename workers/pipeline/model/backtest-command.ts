/**
 * `npm run pipeline -- backtest --as-of D [--horizon H] [--cut-database-url URL] [--out DIR] [--seed N]`:
 * the whole model procedure as of D, scored on the ledger after D (read from DATABASE_URL, which holds the full data).
 * With --cut-database-url (an empty database), the training data physically ends at D: the bundled dataset is cut
 * at D (dataset:cut), loaded into that database (ingest:real), and the Dataset is read from there. Without it, the
 * Dataset is read from DATABASE_URL with the as-of filters and the leak guard. Writes backtest-D.json and .md.
 * Outcomes are also scored without the censored ones (censoring.ts): DATABASE_URL's ledger_followed_until facts say
 * until when the source followed each player.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { migrate } from '../../../db/migrations';
import { openNodeDb } from '../../../db/node';
import { REAL_DATASET_DIR } from '../../../db/seed';
import { HORIZONS } from '../../../db/schema/enums';
import { cutDataset } from '../ingest/cut-dataset';
import { ingestReal } from '../ingest/ingest';
import { reportMarkdown, runBacktest } from './backtest';
import { loadDataset, loadFollowedUntil, loadOutcomes } from './dataset';

/** Cuts the bundled dataset at D and loads it into an empty database: data that physically ends at D. */
async function loadCut(db: Db, asOf: string) {
  const dir = mkdtempSync(join(tmpdir(), `tl-cut-${asOf}-`));
  try {
    cutDataset(REAL_DATASET_DIR, asOf, dir);
    await migrate(db);
    await ingestReal(db, { dir, progress: process.stderr });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const Args = z.object({
  'as-of': z
    .string({ error: 'required, as YYYY-MM-DD' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date'),
  horizon: z.enum(['30', '90', '180']).optional(),
  out: z.string().default('.data/backtests'),
  'cut-database-url': z.string().url().optional(),
  seed: z.coerce.number().int().default(7),
});

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'as-of': { type: 'string' }, horizon: { type: 'string' }, 'cut-database-url': { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('usage: npm run pipeline -- backtest --as-of YYYY-MM-DD [--horizon 30|90|180] [--cut-database-url URL] [--out DIR] [--seed N]');
    return 0;
  }
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    console.error(`backtest: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return 2;
  }
  const a = parsed.data;
  const asOf = new Date(`${a['as-of']}T00:00:00Z`);
  const node = await openNodeDb();
  const cut = a['cut-database-url'] ? await openNodeDb({ ...process.env, DATABASE_URL: a['cut-database-url'] }) : undefined;
  try {
    const t0 = Date.now();
    if (cut) await loadCut(cut.db, a['as-of']);
    const [ds, after, followed] = await Promise.all([loadDataset((cut ?? node).db, asOf), loadOutcomes(node.db, asOf, 180), loadFollowedUntil(node.db, new Date())]);
    const source = cut ? 'a copy of the data cut at that date' : 'the full data, read as of that date';
    console.error(`loaded ${source} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${ds.players.size} players, ${ds.transfers.length} moves`);
    if (ds.transfers.length === 0) {
      console.error('backtest: no ledger rows on or before this date; load the data first (npm run pipeline -- ingest:real)');
      return 1;
    }
    const horizons = a.horizon ? [Number(a.horizon) as (typeof HORIZONS)[number]] : HORIZONS;
    const report = runBacktest(ds, after, asOf, { seed: a.seed, horizons, data: cut ? 'cut' : 'as-of filters', followedUntil: followed });
    mkdirSync(a.out, { recursive: true });
    const base = join(a.out, `backtest-${a['as-of']}`);
    writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
    const md = reportMarkdown(report);
    writeFileSync(`${base}.md`, md);
    console.log(md);
    console.error(`wrote ${base}.json and ${base}.md (${((Date.now() - t0) / 1000).toFixed(1)} s in all)`);
    return 0;
  } finally {
    await cut?.close();
    await node.close();
  }
}
