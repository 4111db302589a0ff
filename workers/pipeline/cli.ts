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
