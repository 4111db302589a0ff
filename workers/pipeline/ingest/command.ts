/** `npm run pipeline -- ingest:real [--dir PATH] [--leagues GB1,ES1] [--include-supplement]` */
import { parseArgs } from 'node:util';
import { openNodeDb } from '../../../db/node';
import { DatasetError } from './dataset';
import { formatSummary, ingestReal } from './ingest';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      leagues: { type: 'string' },
      'include-supplement': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: npm run pipeline -- ingest:real [--dir PATH] [--leagues GB1,ES1,...] [--include-supplement]');
    return 0;
  }
  const leagues = values.leagues?.split(',').map((l) => l.trim()).filter(Boolean);
  const node = await openNodeDb();
  try {
    const summary = await ingestReal(node.db, { dir: values.dir, leagues, includeSupplement: values['include-supplement'], progress: process.stderr });
    console.log(formatSummary(summary));
    return 0;
  } catch (e) {
    if (e instanceof DatasetError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await node.close();
  }
}
