/**
 * The time-travel guard: a Dataset loaded as of T may hold nothing dated after T. Loading filters in SQL; this check
 * proves it on the rows themselves, so a loader bug fails the run instead of leaking the future into features.
 */
import type { Dataset, Ms, SignalSeries } from './types';

export class LeakError extends Error {
  override name = 'LeakError';
}

const iso = (t: Ms) => new Date(t).toISOString();

function checkSeries(s: SignalSeries, asOf: Ms, what: string) {
  for (let i = 0; i < s.from.length; i++) {
    if (s.observed[i]! > asOf) throw new LeakError(`${what} observed at ${iso(s.observed[i]!)}, after as-of ${iso(asOf)}`);
    if (s.from[i]! > asOf) throw new LeakError(`${what} effective from ${iso(s.from[i]!)}, after as-of ${iso(asOf)}`);
  }
}

/** Throws LeakError if any transfer or signal in the Dataset is dated or observed after asOf. */
export function assertNoLeak(ds: Dataset, asOf: Date | Ms): void {
  const at = typeof asOf === 'number' ? asOf : asOf.getTime();
  if (ds.asOf > at) throw new LeakError(`dataset loaded as of ${iso(ds.asOf)} used as of the earlier ${iso(at)}`);
  for (const t of ds.transfers) {
    if (t.date > at) throw new LeakError(`transfer of player ${t.playerId} dated ${iso(t.date)}, after as-of ${iso(at)}`);
  }
  for (const [id, byType] of ds.playerSignals) for (const [type, s] of byType) checkSeries(s, at, `${type} signal of player ${id}`);
  for (const [id, byType] of ds.clubSignals) for (const [type, s] of byType) checkSeries(s, at, `${type} signal of club ${id}`);
  for (const [id, byType] of ds.pairSignals) {
    for (const [type, byClub] of byType) for (const [club, s] of byClub) checkSeries(s, at, `${type} signal of player ${id} and club ${club}`);
  }
}

const checked = new WeakSet<Dataset>();

/**
 * Feature building reads a Dataset as of any D up to its own as-of (training uses earlier dates, whose reads are
 * filtered per date); the whole Dataset is checked against its as-of once.
 */
export function assertUsableAt(ds: Dataset, at: Ms): void {
  if (at > ds.asOf) throw new LeakError(`features as of ${iso(at)} asked from a dataset loaded as of ${iso(ds.asOf)}: rows after it are missing`);
  if (!checked.has(ds)) {
    assertNoLeak(ds, ds.asOf);
    checked.add(ds);
  }
}
