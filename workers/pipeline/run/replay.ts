/**
 * `replay --from D1 --to D2 [--every month|week] [--take-over]`: a track record for days that have passed. Runs the
 * daily pipeline as of each replay day in turn, oldest first, through the same runner and run keys as `daily:run`
 * (so pipeline_runs records each day, a rerun skips finished days and resumes an unfinished one), then scores every
 * matured snapshot of the replayed months as of the data's last day. The snapshots are written now, long after
 * their as_of, so `evaluate` scores them as 'backtest', never as 'live' (see steps/evaluate.ts).
 */
import { HORIZONS } from '../../../db/schema';
import { monthsToScore, scoreMonth } from '../steps/evaluate';
import { addCounts } from '../steps/step';
import { addDays, asOfInstant, dataFreshness } from './as-of';
import { cliAdvanceOptions, command, progressReporter, report } from './commands';
import { UsageError, parseOptions } from './options';
import { expireLease, findOrCreateRun } from './runs';

/** The replay days in [from, to]: the 1st of each month, or each Monday. */
export function replayDates(from: string, to: string, every: 'month' | 'week'): string[] {
  const days: string[] = [];
  const d = asOfInstant(from);
  if (every === 'month') {
    if (d.getUTCDate() !== 1) d.setUTCMonth(d.getUTCMonth() + 1, 1);
  } else d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7));
  for (; d.toISOString().slice(0, 10) <= to; every === 'month' ? d.setUTCMonth(d.getUTCMonth() + 1, 1) : d.setUTCDate(d.getUTCDate() + 7)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

export const replay = command(async (db, args) => {
  const o = parseOptions(args, ['from', 'to', 'every'], ['take-over']);
  if (!o.from || !o.to) throw new UsageError('usage: replay --from YYYY-MM-DD --to YYYY-MM-DD [--every month|week] [--take-over]');
  if (o.from > o.to) throw new UsageError(`--from ${o.from} is after --to ${o.to}`);
  const last = (await dataFreshness(db, new Date())).asOf;
  if (o.to > last) throw new UsageError(`--to ${o.to} is after the data's last day (${last}): a replay can only run as of days the data covers`);
  const every = o.every ?? 'month';
  const days = replayDates(o.from, o.to, every);
  if (!days.length) throw new UsageError(`no replay day between ${o.from} and ${o.to} (${every === 'month' ? 'the 1st of a month' : 'a Monday'})`);

  const options = cliAdvanceOptions(undefined, false);
  for (const [i, day] of days.entries()) {
    const run = await findOrCreateRun(db, { asOf: day, horizons: [...HORIZONS], trigger: 'cli' });
    console.error(`replay ${i + 1}/${days.length}: as of ${day}`);
    if (run.status === 'succeeded') {
      console.error(`run ${run.runKey} already succeeded; skipped`);
      continue;
    }
    if (o.flags.has('take-over')) await expireLease(db, run.runId);
    const code = await report(db, run, options);
    if (code !== 0) return code;
  }

  // Windows of the replayed days can end up to the longest horizon later: score them all as of the data's last day.
  const months = await monthsToScore(db, last, `${o.from.slice(0, 7)}-01`);
  const r = progressReporter();
  let counts: Record<string, number> = {};
  for (const [i, month] of months.entries()) {
    const s = await scoreMonth(db, last, month);
    counts = addCounts(counts, { months: 1, snapshots: s.snapshots, evaluations: s.evaluations });
    r.onChunk('evaluate', { done: i + 1, total: months.length });
  }
  r.onStep('evaluate', 'succeeded', counts);
  const open = addDays(days.at(-1)!, Math.max(...HORIZONS)) > last ? '; windows still open then are scored by a later evaluate' : '';
  console.error(`replayed ${days.length} day(s), ${days[0]} to ${days.at(-1)}; matured windows since ${o.from.slice(0, 7)} scored as of ${last} (replayed snapshots as backtest)${open}`);
  return 0;
});
