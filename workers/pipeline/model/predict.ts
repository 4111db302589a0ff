/**
 * One player's forecast as of T from a trained bundle: P(move) per horizon (calibrated, then made non-decreasing
 * across horizons), the drivers (each feature's contribution in log-odds, in plain words), and P(move to club C)
 * = P(move) x P(C | move) for each candidate, so the destinations never sum to more than P(move).
 */
import { HORIZONS } from '../../../db/schema/enums';
import { applyCalibration, monotone } from './calibration';
import { destinationContext, destinationDrivers, destinationProbability } from './destinations';
import { FEATURES, buildFeatures, describeFeature } from './features';
import { contributions, predictRaw } from './gbm';
import type { Candidate, Dataset, Driver, HorizonProbabilities, ModelBundle, Prediction } from './types';

/** The horizon whose model explains the forecast in the drivers. */
const DRIVER_HORIZON = 90;
const MAX_DRIVERS = 8;

function featureRow(bundle: ModelBundle, values: Record<string, number | null>): (number | null)[] {
  return bundle.features.map((name) => values[name] ?? null);
}

/** Calibrated, coherent P(move) per horizon for a feature row. */
export function moveProbabilities(bundle: ModelBundle, row: (number | null)[]): HorizonProbabilities {
  const raw = HORIZONS.map((h) => applyCalibration(bundle.horizons[h].calibration, predictRaw(bundle.horizons[h].model, row)));
  const [p30, p90, p180] = monotone(raw);
  return { 30: p30!, 90: p90!, 180: p180! };
}

export function drivers(bundle: ModelBundle, row: (number | null)[]): Driver[] {
  const { model, calibration } = bundle.horizons[DRIVER_HORIZON];
  const { perFeature } = contributions(model, row);
  return perFeature
    .map((c, f) => {
      const name = bundle.features[f]!;
      const value = row[f] ?? null;
      return { feature: name, label: describeFeature(name, value), value, contribution: Number((c * calibration.a).toFixed(4)) };
    })
    .filter((d) => d.contribution !== 0 && FEATURES.some((f) => f.name === d.feature))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, MAX_DRIVERS);
}

export function predictPlayer(bundle: ModelBundle, ds: Dataset, playerId: string, asOf: Date, candidates: Candidate[]): Prediction {
  const at = asOf.getTime();
  const features = buildFeatures(ds, playerId, at).values;
  const row = featureRow(bundle, features);
  const move = moveProbabilities(bundle, row);
  const ctx = destinationContext(ds, playerId, at, bundle.destination);
  const destinations = candidates
    .map((c) => {
      const share = destinationProbability(ctx, c.clubId).p;
      const p = { 30: move[30] * share, 90: move[90] * share, 180: move[180] * share };
      return { clubId: c.clubId, p, drivers: destinationDrivers(ctx, c.clubId) };
    })
    .sort((a, b) => b.p[90] - a.p[90] || (a.clubId < b.clubId ? -1 : 1));
  return { move, drivers: drivers(bundle, row), destinations, features };
}
