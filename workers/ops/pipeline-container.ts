/**
 * The Fly container's entrypoint (Dockerfile CMD): the pipeline CLI on a schedule, for runs too long for a Worker.
 *   node --import tsx workers/ops/pipeline-container.ts          serve /health on PORT, run at PIPELINE_SCHEDULE
 *   node --import tsx workers/ops/pipeline-container.ts --once   run once now and exit with the CLI's exit code
 * The run is `npm run pipeline -- $PIPELINE_ARGS` (default `daily:run --horizon 90`, the original's schedule) against
 * DATABASE_URL (Neon). One JSON log line per event on stdout, which `fly logs` shows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_ARGS = ['daily:run', '--horizon', '90'];
export const DEFAULT_SCHEDULE = '0 6 * * *';

/** "M H * * *" (daily at H:M UTC), the only schedule the container needs. */
export function parseDailySchedule(expr: string): { hour: number; minute: number } {
  const m = /^(\d{1,2})\s+(\d{1,2})\s+\*\s+\*\s+\*$/.exec(expr.trim());
  const minute = Number(m?.[1]);
  const hour = Number(m?.[2]);
  if (!m || minute > 59 || hour > 23) throw new Error(`PIPELINE_SCHEDULE must be a daily cron "M H * * *" (UTC), got "${expr}"`);
  return { hour, minute };
}

/** The next time strictly after `now` at the schedule's hour and minute, in UTC. */
export function nextRun(now: Date, expr: string): Date {
  const { hour, minute } = parseDailySchedule(expr);
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour, minute));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

export const pipelineArgs = (env: NodeJS.ProcessEnv) => (env.PIPELINE_ARGS?.trim() ? env.PIPELINE_ARGS.trim().split(/\s+/) : DEFAULT_ARGS);

/** The exact command line the container runs for a pipeline run. */
export const cliCommand = (args: string[]) => ({ command: process.execPath, args: ['--import', 'tsx', `${ROOT}workers/pipeline/cli.ts`, ...args] });

const log = (event: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: fields.level ?? 'info', service: 'pipeline-container', event, ...fields })}\n`);

interface RunRecord {
  args: string[];
  startedAt: string;
  finishedAt?: string;
  exitCode?: number | null;
}

let current: ChildProcess | undefined;

function runPipeline(args: string[]): Promise<RunRecord> {
  const record: RunRecord = { args, startedAt: new Date().toISOString() };
  log('run_started', { args });
  const { command, args: argv } = cliCommand(args);
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd: ROOT, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] });
    current = child;
    const done = (exitCode: number | null) => {
      current = undefined;
      Object.assign(record, { finishedAt: new Date().toISOString(), exitCode });
      log(exitCode === 0 ? 'run_succeeded' : 'run_failed', { level: exitCode === 0 ? 'info' : 'error', exitCode, durationMs: Date.parse(record.finishedAt!) - Date.parse(record.startedAt) });
      resolve(record);
    };
    child.once('error', (e) => {
      log('run_error', { level: 'error', error: e.message });
      done(-1);
    });
    child.once('exit', (code, signal) => done(code ?? (signal ? 128 : null)));
  });
}

async function serve(env: NodeJS.ProcessEnv) {
  const schedule = env.PIPELINE_SCHEDULE || DEFAULT_SCHEDULE;
  const args = pipelineArgs(env);
  parseDailySchedule(schedule);
  let last: RunRecord | undefined;
  let next = nextRun(new Date(), schedule);
  let timer: NodeJS.Timeout | undefined;

  const server = createServer((req, res) => {
    if (req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    // Healthy while the scheduler runs; a failed last run is reported (and logged), not a reason to restart the machine.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', schedule, args, running: Boolean(current), next_run: next.toISOString(), last_run: last ?? null }));
  });
  const port = Number(env.PORT || 8080);
  await new Promise<void>((r) => server.listen(port, '0.0.0.0', r));

  const arm = () => {
    next = nextRun(new Date(), schedule);
    log('scheduled', { next_run: next.toISOString(), args });
    // setTimeout caps at ~24.8 days; a day is far below it.
    timer = setTimeout(async () => {
      if (!current) last = await runPipeline(args);
      arm();
    }, next.getTime() - Date.now());
  };
  log('started', { port, schedule, args });
  arm();

  const stop = (signal: string) => {
    log('stopping', { signal });
    if (timer) clearTimeout(timer);
    current?.kill('SIGTERM');
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function main(argv: string[]) {
  if (!process.env.DATABASE_URL) {
    log('config_error', { level: 'error', error: 'DATABASE_URL is not set (fly secrets set DATABASE_URL=...)' });
    return 2;
  }
  if (argv.includes('--once')) {
    const r = await runPipeline(pipelineArgs(process.env));
    return r.exitCode ?? 1;
  }
  await serve(process.env);
  return undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== undefined) process.exit(code);
    },
    (e) => {
      log('crashed', { level: 'error', error: String((e as Error).stack ?? e) });
      process.exit(1);
    },
  );
}
