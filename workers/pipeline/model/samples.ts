/** Training and scoring samples: (player, as-of date) rows of the feature matrix with their ledger labels. */
import { FEATURE_NAMES, activePlayers, buildFeatures } from './features';
import { DAY, firstMoveIn } from './timeline';
import type { Dataset, Horizon, Ms, TransferRow } from './types';

export interface Samples {
  names: string[];
  /** One column per feature, NaN for missing. */
  columns: Float64Array[];
  playerIds: string[];
  dates: Ms[];
}

export function buildSamples(ds: Dataset, dates: Ms[], names: string[] = FEATURE_NAMES): Samples {
  const rows: { playerId: string; at: Ms; values: Record<string, number | null> }[] = [];
  for (const at of dates) for (const id of activePlayers(ds, at)) rows.push({ playerId: id, at, values: buildFeatures(ds, id, at).values });
  const columns = names.map((name) => Float64Array.from(rows, (r) => r.values[name] ?? NaN));
  return { names, columns, playerIds: rows.map((r) => r.playerId), dates: rows.map((r) => r.at) };
}

/** 1 when the player made a qualifying move in (D, D + H], from the given ledger (grouped by player, by date). */
export function labels(ds: Pick<Dataset, 'clubs'>, ledger: Map<string, TransferRow[]>, s: Pick<Samples, 'playerIds' | 'dates'>, horizon: Horizon): { y: Uint8Array; destinations: (string | null)[] } {
  const y = new Uint8Array(s.playerIds.length);
  const destinations: (string | null)[] = [];
  s.playerIds.forEach((id, i) => {
    const at = s.dates[i]!;
    const move = firstMoveIn(ds, ledger.get(id) ?? [], at, at + horizon * DAY);
    y[i] = move ? 1 : 0;
    destinations.push(move?.toClubId ?? null);
  });
  return { y, destinations };
}

/** Rows of a sample set whose index passes a test, as a new sample set. */
export function subset(s: Samples, keep: (i: number) => boolean): { samples: Samples; index: number[] } {
  const index: number[] = [];
  for (let i = 0; i < s.playerIds.length; i++) if (keep(i)) index.push(i);
  return {
    samples: {
      names: s.names,
      columns: s.columns.map((c) => Float64Array.from(index, (i) => c[i]!)),
      playerIds: index.map((i) => s.playerIds[i]!),
      dates: index.map((i) => s.dates[i]!),
    },
    index,
  };
}
