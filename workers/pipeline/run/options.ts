/** Command-line options of the pipeline commands, validated with zod (bad input: exit code 2 with a message). */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { HORIZONS, type Horizon } from '../../../db/schema';
import { isoDay } from './as-of';

export class UsageError extends Error {}

const horizon = z.coerce
  .number()
  .refine((h): h is Horizon => (HORIZONS as readonly number[]).includes(h), `horizon must be one of ${HORIZONS.join(', ')}`)
  .transform((h) => h as Horizon);

export const optionSchemas = {
  'as-of': isoDay,
  horizon,
  chunk: z.coerce.number().int().min(1).max(1_000_000),
  window: z.string(),
  format: z.enum(['csv']),
  out: z.string().min(1),
  from: isoDay,
  to: isoDay,
  every: z.enum(['month', 'week']),
};
type Name = keyof typeof optionSchemas;
type Parsed<N extends Name> = { [K in N]?: z.output<(typeof optionSchemas)[K]> };

/** Parses `--name value` options (and boolean flags) into validated values; throws UsageError on bad input. */
export function parseOptions<N extends Name>(args: string[], names: N[], flags: string[] = []): Parsed<N> & { flags: Set<string> } {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries([...names.map((n) => [n, { type: 'string' as const }]), ...flags.map((f) => [f, { type: 'boolean' as const }])]);
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values as typeof values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const out: Record<string, unknown> = {};
  for (const n of names) {
    if (values[n] === undefined) continue;
    const r = optionSchemas[n].safeParse(values[n]);
    if (!r.success) throw new UsageError(`--${n}: ${r.error.issues.map((i) => i.message).join('; ')}`);
    out[n] = r.data;
  }
  return { ...(out as Parsed<N>), flags: new Set(flags.filter((f) => values[f] === true)) };
}
