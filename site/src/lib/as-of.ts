// `?as_of=YYYY-MM-DD` time travel: parsing and carrying it through every link the site builds.

export type AsOfParse = { asOf: string | null; error: string | null };

/** The API's range for instants (workers/api/lib/instant.ts): earlier dates are refused there, so here too. */
export const EARLIEST_AS_OF = '1900-01-01';

/** A real calendar date, from 1900 and not after today. Empty/missing means "latest". */
export function parseAsOf(raw: string | null, today: Date): AsOfParse {
  if (raw == null || raw === '') return { asOf: null, error: null };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return { asOf: null, error: `as_of must be a date like 2024-06-30, got "${raw.slice(0, 40)}"` };
  const d = new Date(`${raw}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw) {
    return { asOf: null, error: `as_of "${raw}" is not a real calendar date` };
  }
  if (raw < EARLIEST_AS_OF) return { asOf: null, error: `as_of "${raw}" is before ${EARLIEST_AS_OF}, the earliest date the data can answer for` };
  if (raw > today.toISOString().slice(0, 10)) return { asOf: null, error: `as_of "${raw}" is in the future` };
  return { asOf: raw, error: null };
}

/** Adds (or keeps) as_of on a site path so navigation stays in the same moment. */
export function withAsOf(path: string, asOf: string | null | undefined): string {
  if (!asOf) return path;
  const [base, query = ''] = path.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('as_of', asOf);
  return `${base}?${params.toString()}`;
}

/** Absolute URL on the public site. */
export function absoluteUrl(siteUrl: string, path: string): string {
  return new URL(path, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).toString();
}
