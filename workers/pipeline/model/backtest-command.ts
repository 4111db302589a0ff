/**
 * `npm run pipeline -- backtest --as-of D [--horizon H] [--out DIR] [--seed N]`: the whole model procedure as of D
 * on the data as it stood at D (every read filtered to rows dated and observed by D, and checked by the leak guard),
 * scored on the ledger after D. Writes backtest-D.json and backtest-D.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openNodeDb } from '../../../db/node';
import { HORIZONS } from '../../../db/schema/enums';
import { reportMarkdown, runBacktest } from './backtest';
import { loadDataset, loadOutcomes } from './dataset';

const Args = z.object({
  'as-of': z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  horizon: z.enum(['30', '90', '180']).optional(),
  out: z.string().default('.data/backtests'),
  seed: z.coerce.number().int().default(7),
});

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'as-of': { type: 'string' }, horizon: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('usage: npm run pipeline -- backtest --as-of YYYY-MM-DD [--horizon 30|90|180] [--out DIR] [--seed N]');
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
  try {
    const t0 = Date.now();
    const [ds, after] = await Promise.all([loadDataset(node.db, asOf), loadOutcomes(node.db, asOf, 180)]);
    console.error(`loaded the data as of ${a['as-of']} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${ds.players.size} players, ${ds.transfers.length} moves`);
    if (ds.transfers.length === 0) {
      console.error('backtest: no ledger rows on or before this date; load the data first (npm run pipeline -- ingest:real)');
      return 1;
    }
    const horizons = a.horizon ? [Number(a.horizon) as (typeof HORIZONS)[number]] : HORIZONS;
    const report = runBacktest(ds, after, asOf, { seed: a.seed, horizons });
    mkdirSync(a.out, { recursive: true });
    const base = join(a.out, `backtest-${a['as-of']}`);
    writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
    const md = reportMarkdown(report);
    writeFileSync(`${base}.md`, md);
    console.log(md);
    console.error(`wrote ${base}.json and ${base}.md (${((Date.now() - t0) / 1000).toFixed(1)} s in all)`);
    return 0;
  } finally {
    await node.close();
  }
}
