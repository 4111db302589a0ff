/**
 * The pipeline's CLI commands (registered in ../cli.ts): daily:run, runs:continue, each step on its own, and
 * export:predictions. Node-only (progress bars, files); the step code they call is shared with the Cron Worker.
 */
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Db } from '../../../db/client';
import { HORIZONS, type Horizon } from '../../../db/schema';
import { openNodeDb } from '../../../db/node';
import { envSchema } from '../../shared/env';
import { progress, type Progress } from '../../shared/progress';
import { createUpstash } from '../../shared/upstash';
import { latestSnapshots, toCsv } from '../steps/export-predictions';
import { deriveUserSignals, windowSchema } from '../steps/signals-derive';
import type { PipelineStep, StepContext } from '../steps/step';
import { dataFreshness } from './as-of';
import { DAILY_STEPS } from './daily-steps';
import { UsageError, parseOptions } from './options';
import { advanceRun, type AdvanceOptions } from './runner';
import { expireLease, findOrCreateRun, unfinishedRuns, type Run } from './runs';
import { publishRunFinished } from './publish';

/** Players per chunk in the CLI: large, since the whole dataset is in memory anyway. */
export const CLI_CHUNK = 2000;

type Command = (args: string[]) => Promise<number>;

/** Runs a command with a database, turning bad options into exit code 2 and a one-line message. */
export function command(body: (db: Db, args: string[]) => Promise<number>): { run: Command } {
  return {
    async run(args) {
      const node = await openNodeDb();
      try {
        return await body(node.db, args);
      } catch (e) {
        if (e instanceof UsageError) {
          console.error(`pipeline: ${e.message}`);
          return 2;
        }
        throw e;
      } finally {
        await node.close();
      }
    },
  };
}

async function resolveAsOf(db: Db, given: string | undefined) {
  if (given) return given;
  const f = await dataFreshness(db, new Date());
  console.error(`as of ${f.asOf} (latest transfer ${f.lastTransferDate ?? 'none'}, latest signal ${f.lastSignalDate ?? 'none'})`);
  return f.asOf;
}

export function progressReporter() {
  const bars = new Map<string, { bar: Progress; seen: number }>();
  return {
    onChunk(step: string, p: { done: number; total: number } | undefined) {
      if (!p) return;
      const b = bars.get(step) ?? { bar: progress(step, p.total), seen: 0 };
      bars.set(step, b);
      b.bar.tick(p.done - b.seen);
      b.seen = p.done;
    },
    onStep(step: string, status: string, counts: Record<string, number>) {
      bars.get(step)?.bar.done();
      console.error(`${step.padEnd(20)} ${status.padEnd(9)} ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    },
  };
}

export function cliAdvanceOptions(chunk: number | undefined, noTrain: boolean): AdvanceOptions {
  const env = envSchema.pick({ UPSTASH_REDIS_REST_URL: true, UPSTASH_REDIS_REST_TOKEN: true }).parse(process.env);
  return {
    holder: `cli:${hostname()}:${process.pid}`,
    trigger: 'cli',
    chunkSize: chunk ?? CLI_CHUNK,
    trainHere: !noTrain,
    keepWholeDataset: true,
    retryFailed: true,
    steps: DAILY_STEPS,
    ...progressReporter(),
    onSucceeded: () => publishRunFinished(createUpstash(env)),
  };
}

export async function report(db: Db, run: Run, o: AdvanceOptions) {
  const outcome = await advanceRun(db, run, o);
  if (outcome.status === 'succeeded') console.error(`run ${run.runKey} succeeded`);
  else if (outcome.status === 'failed') console.error(`run ${run.runKey} failed in ${outcome.step}: ${outcome.error}`);
  else if (outcome.status === 'busy') console.error(`run ${run.runKey} is held by another process (retry later, or --take-over if it died)`);
  return outcome.status === 'succeeded' ? 0 : 1;
}

export const dailyRun = command(async (db, args) => {
  const o = parseOptions(args, ['as-of', 'horizon', 'chunk'], ['take-over', 'no-train']);
  const asOf = await resolveAsOf(db, o['as-of']);
  const run = await findOrCreateRun(db, { asOf, horizons: o.horizon ? [o.horizon] : [...HORIZONS], trigger: 'cli' });
  if (run.status === 'succeeded') {
    console.error(`run ${run.runKey} already succeeded; nothing to do`);
    return 0;
  }
  if (o.flags.has('take-over')) await expireLease(db, run.runId);
  return report(db, run, cliAdvanceOptions(o.chunk, o.flags.has('no-train')));
});

/** Continues queued (admin) and abandoned runs, oldest first: what the container's scheduler calls. */
export const runsContinue = command(async (db, args) => {
  const o = parseOptions(args, ['chunk'], ['no-train']);
  let code = 0;
  for (const run of await unfinishedRuns(db, 20)) code = Math.max(code, await report(db, run, cliAdvanceOptions(o.chunk, o.flags.has('no-train'))));
  return code;
});

/** One step on its own, outside pipeline_runs, chunk after chunk until done. */
export function stepCommand(step: PipelineStep) {
  return command(async (db, args) => {
    const o = parseOptions(args, ['as-of', 'horizon', 'chunk']);
    const ctx: StepContext = {
      db,
      asOf: await resolveAsOf(db, o['as-of']),
      horizons: o.horizon ? [o.horizon] : [...HORIZONS],
      chunkSize: o.chunk ?? CLI_CHUNK,
      trainHere: true,
      memo: new Map(),
      keepWholeDataset: true,
    };
    const r = progressReporter();
    let cursor: unknown = null;
    for (;;) {
      const chunk = await step.run(ctx, cursor);
      r.onChunk(step.name, chunk.progress);
      cursor = chunk.cursor;
      if (chunk.done) {
        r.onStep(step.name, chunk.skipped ? 'skipped' : 'succeeded', chunk.counts);
        return 0;
      }
    }
  });
}

export const signalsDeriveCommand = command(async (db, args) => {
  const o = parseOptions(args, ['as-of', 'window']);
  const hours = windowSchema.safeParse(o.window ?? '24h');
  if (!hours.success) throw new UsageError(`--window: ${hours.error.issues.map((i) => i.message).join('; ')}`);
  const counts = await deriveUserSignals(db, await resolveAsOf(db, o['as-of']), hours.data);
  console.error(`signals:derive ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  return 0;
});

export const exportPredictions = command(async (db, args) => {
  const o = parseOptions(args, ['as-of', 'horizon', 'format', 'out']);
  if (!o['as-of'] || !o.horizon) throw new UsageError('usage: export:predictions --as-of YYYY-MM-DD --horizon 30|90|180 [--format csv] [--out file]');
  const csv = toCsv(await latestSnapshots(db, o['as-of'], o.horizon as Horizon));
  if (o.out) writeFileSync(o.out, csv);
  else process.stdout.write(csv);
  return 0;
});

export const stepByName = new Map(DAILY_STEPS.map((s) => [s.name, s]));
