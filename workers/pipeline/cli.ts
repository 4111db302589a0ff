/**
 * `npm run pipeline -- <command> [options]`: the Node CLI for data loading and the daily pipeline.
 * The same step code runs in the Cron Trigger Worker; here it runs without Worker limits (and in the Fly container).
 * Each command lives in its own module and is loaded only when asked for.
 */
import { parseArgs } from 'node:util';

type CommandModule = { run(args: string[]): Promise<number | void> };
const commands: Record<string, { describe: string; load: () => Promise<CommandModule> }> = {
  'ingest:real': { describe: 'load a Transfermarkt CSV directory (the bundled real dataset by default)', load: () => import('./ingest/command') },
  'dataset:cut': { describe: 'write a copy of a dataset cut at a date (--as-of D --out DIR [--dir SRC]) for backtests', load: () => import('./ingest/cut-dataset') },
  'dataset:fixture': { describe: 'rebuild the small test dataset db/seed/fixture from the real files', load: () => import('./ingest/fixture') },
  'daily:run': { describe: 'run every daily step as of T (--as-of, default: the latest data day), resumable', load: () => import('./run/commands').then((m) => m.dailyRun) },
  replay: { describe: 'a replayed track record: daily:run as of each 1st of the month (or Monday) from --from to --to, then evaluate (--every week)', load: () => import('./run/replay').then((m) => m.replay) },
  'runs:continue': { describe: 'continue queued and abandoned pipeline runs', load: () => import('./run/commands').then((m) => m.runsContinue) },
  'signals:derive': { describe: 'derive weak user signals from user events (--as-of, --window 24h)', load: () => import('./run/commands').then((m) => m.signalsDeriveCommand) },
  'features:build': { describe: 'point-in-time feature vectors of the active players', load: () => import('./run/commands').then((m) => m.stepCommand(m.stepByName.get('features:build')!)) },
  'candidates:generate': { describe: 'candidate destination clubs per active player', load: () => import('./run/commands').then((m) => m.stepCommand(m.stepByName.get('candidates:generate')!)) },
  'model:train': { describe: 'train and register a model bundle; deploy it if it beats the current one', load: () => import('./run/commands').then((m) => m.stepCommand(m.stepByName.get('model:train')!)) },
  'predict:run': { describe: 'publish coherent prediction snapshots (--horizon to limit)', load: () => import('./run/commands').then((m) => m.stepCommand(m.stepByName.get('predict:run')!)) },
  evaluate: { describe: 'score matured snapshots against the ledger (the track record)', load: () => import('./run/commands').then((m) => m.stepCommand(m.stepByName.get('evaluate')!)) },
  'export:predictions': { describe: 'latest snapshots as of D as CSV (--as-of, --horizon, --format csv, --out)', load: () => import('./run/commands').then((m) => m.exportPredictions) },
  backtest: { describe: 'the whole model procedure as of D, scored on what happened after D (--as-of D [--horizon H])', load: () => import('./model/backtest-command') },
};

async function main(argv: string[]) {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, strict: false });
    const list = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(22)} ${c.describe}`).join('\n');
    console.log(`usage: npm run pipeline -- <command> [options]\n\ncommands:\n${list}`);
    return name && !values.help ? 2 : 0;
  }
  return (await (await command.load()).run(rest)) ?? 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`pipeline: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
