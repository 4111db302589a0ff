/**
 * How fresh the data is as of T: the latest dates of each layer visible at T, and a version token for cache keys.
 * Every read endpoint adds this statement to its batch, so freshness costs no extra round trip. Each max() is
 * served by an index (pipeline_runs is small; snapshots by as_of; ledger by date; signals by type and observed_at).
 */
import { sql } from 'drizzle-orm';
import { dataLastAt, iso, day, ts, tsDate, type Instant } from './sql';

export interface Freshness {
  /** Latest data date visible at T (ISO), or null on an empty database. */
  data_as_of: string | null;
  last_pipeline_run_at: string | null;
  predictions_as_of: string | null;
  ledger_as_of: string | null;
  market_values_as_of: string | null;
}

export interface FreshnessRow extends Freshness {
  /** T as resolved by the database (the default instant when no as_of was given), ISO. */
  as_of: string;
  data_version: string;
}

export function freshnessQuery(t: Instant) {
  return sql`WITH f AS (SELECT
      (SELECT max(finished_at) FROM pipeline_runs WHERE step = 'run' AND status = 'succeeded' AND finished_at <= ${ts(t)}) AS run_at,
      (SELECT max(as_of) FROM prediction_snapshots WHERE as_of <= ${ts(t)}) AS pred_at,
      (SELECT max(transfer_date) FROM transfer_events WHERE transfer_date <= ${tsDate(t)} AND NOT is_superseded) AS ledger_at,
      (SELECT max(observed_at) FROM signal_events WHERE signal_type = 'market_value' AND observed_at <= ${ts(t)}) AS mv_at)
    SELECT ${iso(sql`run_at`)} AS last_pipeline_run_at, ${iso(sql`pred_at`)} AS predictions_as_of,
           ${day(sql`ledger_at`)} AS ledger_as_of, ${iso(sql`mv_at`)} AS market_values_as_of,
           ${iso(dataLastAt(t))} AS data_as_of, ${iso(ts(t))} AS as_of,
           -- The version ignores T: responses for any as_of share one cache generation per state of the data.
           concat_ws('|', (SELECT max(finished_at) FROM pipeline_runs WHERE step = 'run'), (SELECT max(as_of) FROM prediction_snapshots),
             (SELECT max(transfer_date) FROM transfer_events),
             (SELECT max(observed_at) FROM signal_events WHERE signal_type = 'market_value')) AS data_version
      FROM f`;
}
