/** Last date of the bundled real dataset (valuations run to 2024-12-12). Shown so users know how fresh data is. */
export const DATA_END = '2024-12-12';

/**
 * What follows "Data through <latest>" in the footer. `latest` is the newest data the API has (never the as_of of a
 * past view): when it is the bundled dataset's end, say that predictions are made as of that date.
 */
export function freshnessNote(latest: string): string {
  return latest.slice(0, 10) <= DATA_END ? ': the bundled dataset ends there, so the latest predictions are made as of that date.' : '.';
}
