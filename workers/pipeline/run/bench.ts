/**
 * `npm run bench:pipeline [-- --as-of D] [--chunk N]`: time and peak memory of each daily step on the data in the
 * configured database (load the full real dataset first: npm run pipeline -- ingest:real), then of one Worker-sized
 * chunk of each per-player step (chunk loaded on its own, as the Cron Worker does). It writes what a daily run
 * writes, so point DATABASE_URL at a scratch database. Prints a table; asserts nothing.
 */
import { cpuUsage, memoryUsage } from 'node:process';
import { HORIZONS } from '../../../db/schema';
import { openNodeDb } from '../../../db/node';
import { trainBundle } from '../model/train';
import { wholeDataset } from '../steps/dataset';
import type { PipelineStep, StepContext } from '../steps/step';
import { asOfInstant } from './as-of';
import { dataFreshness } from './as-of';
import { DAILY_STEPS } from './daily-steps';
import { parseOptions } from './options';

interface Figure {
  step: string;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  /** Peak heap above the heap at the step's start: what the step itself needed. */
  heapGrowthMb: number;
  chunks: number;
  counts: Record<string, number>;
}

async function measure(step: PipelineStep, ctx: StepContext, maxChunks = Infinity): Promise<Figure> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const baseHeap = memoryUsage().heapUsed;
  const timer = setInterval(sample, 25);
  const t0 = performance.now();
  const c0 = cpuUsage();
  let cursor: unknown = null;
  let chunks = 0;
  let counts: Record<string, number> = {};
  try {
    for (;;) {
      const r = await step.run(ctx, cursor);
      chunks++;
      counts = r.counts;
      cursor = r.cursor;
      if (r.done || chunks >= maxChunks) break;
    }
  } finally {
    clearInterval(timer);
    sample();
  }
  const cpu = cpuUsage(c0);
  return { step: step.name, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: peakRss / 2 ** 20, heapGrowthMb: (peakHeap - baseHeap) / 2 ** 20, chunks, counts };
}

function line(r: Figure) {
  const counts = Object.entries(r.counts).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`${r.step.padEnd(22)}${(r.wallMs / 1000).toFixed(2).padStart(9)}${(r.cpuMs / 1000).toFixed(2).padStart(9)}${r.peakRssMb.toFixed(0).padStart(13)}${r.heapGrowthMb.toFixed(0).padStart(10)}${String(r.chunks).padStart(8)}  ${counts}`);
}

/** The steps, their total, then any figures measured apart (not part of the total). */
function table(title: string, rows: Figure[], apart: Figure[] = []) {
  console.log(`\n${title}`);
  console.log(`${'step'.padEnd(22)}${'wall s'.padStart(9)}${'cpu s'.padStart(9)}${'peak rss MB'.padStart(13)}${'heap +MB'.padStart(10)}${'chunks'.padStart(8)}  counts`);
  rows.forEach(line);
  const sum = (k: 'wallMs' | 'cpuMs') => (rows.reduce((s, r) => s + r[k], 0) / 1000).toFixed(2);
  console.log(`${'total'.padEnd(22)}${sum('wallMs').padStart(9)}${sum('cpuMs').padStart(9)}`);
  apart.forEach(line);
}

/** model:train skips training when the data's model version exists; this times the fit itself. */
const trainFit: PipelineStep = {
  name: 'model:train (fit only)',
  describe: 'trainBundle on the memoised dataset, nothing stored',
  async run(ctx) {
    const r = trainBundle(await wholeDataset(ctx), asOfInstant(ctx.asOf));
    return { cursor: null, done: true, counts: { samples: r.trainingSamples, positives: r.positiveSamples }, rowsRead: 0, rowsWritten: 0 };
  },
};

async function main(args: string[]) {
  const o = parseOptions(args, ['as-of', 'chunk']);
  const node = await openNodeDb();
  try {
    const asOf = o['as-of'] ?? (await dataFreshness(node.db, new Date())).asOf;
    const ctx = (over: Partial<StepContext>): StepContext => ({ db: node.db, asOf, horizons: [...HORIZONS], chunkSize: 2000, trainHere: true, memo: new Map(), keepWholeDataset: true, ...over });
    console.log(`bench:pipeline as of ${asOf} (database ${new URL(node.databaseUrl).pathname.slice(1)})`);

    const cli = ctx({});
    const daily: Figure[] = [];
    for (const step of DAILY_STEPS) daily.push(await measure(step, cli));
    table('daily run, Node CLI (whole dataset loaded once, memoised across steps; the fit is timed apart too, as model:train skips it when the version exists)', daily, [await measure(trainFit, cli)]);

    const rerun: Figure[] = [];
    const again = ctx({});
    for (const step of DAILY_STEPS) rerun.push(await measure(step, again));
    table('rerun of the same day (writes nothing new)', rerun);

    // Drop the CLI's whole dataset so the Worker-chunk figures show what a chunk needs on its own.
    cli.memo.clear();
    again.memo.clear();
    (globalThis as { gc?: () => void }).gc?.();
    const chunk = o.chunk ?? 300;
    const worker: Figure[] = [];
    for (const step of DAILY_STEPS.filter((s) => ['features:build', 'candidates:generate', 'predict:run'].includes(s.name))) {
      worker.push({ ...(await measure(step, ctx({ chunkSize: chunk, keepWholeDataset: false }), 1)), step: `${step.name} x${chunk}` });
    }
    table(`one Worker chunk per per-player step (${chunk} players, chunk-sized dataset)`, worker);
  } finally {
    await node.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
