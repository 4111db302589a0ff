/**
 * A backtest as of D: the whole procedure (population, features, training, base-rate fallback, destinations) on a
 * Dataset that ends at D, scored on what the ledger shows after D, against the seasonal base rate and a simple
 * two-feature heuristic (time at club x age band, its move rate in the same training rows).
 */
import { HORIZONS } from '../../../db/schema/enums';
import { horizonsWithoutSkill, withBaseRate } from './base-rate';
import { outcomeKnown } from './censoring';
import { destinationContext, rankDestinations } from './destinations';
import { FEATURE_NAMES, activePlayers } from './features';
import { destinationHits, scoreBinary } from './metrics';
import { moveProbabilities } from './predict';
import { buildSamples, labels, subset, type Samples } from './samples';
import { DAY, firstMoveIn } from './timeline';
import { seasonalDates, trainBundle, type TrainResult } from './train';
import type { BinaryScore, Dataset, Horizon, Ms, TransferRow } from './types';

export interface BacktestRow {
  population: number;
  movers: number;
  model: BinaryScore;
  baseRate: BinaryScore;
  heuristic: BinaryScore;
  destinations: { n: number; top1: number; top5: number; top10: number };
  /**
   * With the dates the source stopped following players (censoring.ts): how many forecasts have an unknown outcome,
   * and the three forecasts scored on the players whose outcome is known. Absent without those dates.
   */
  known?: { censored: number; model: BinaryScore; baseRate: BinaryScore; heuristic: BinaryScore };
}

export interface BacktestReport {
  asOf: string;
  /** How the training side was kept to the past: a copy of the data cut at D, or as-of filters on the full data. */
  data: 'cut' | 'as-of filters';
  generatedAt: string;
  trainingSamples: number;
  positiveSamples: number;
  trainingMs: number;
  /** CPU time of training (user + system), which wall time overstates on a busy machine. */
  trainingCpuMs: number;
  predictMs: number;
  /** Heap in use once the data is loaded, the model trained and the population predicted, in MB. */
  heapAfterPredictMb: number;
  holdout: TrainResult['metrics'];
  featureImportances: Record<string, number>;
  horizons: Partial<Record<Horizon, BacktestRow>>;
}

/** Heuristic cell: years at club (0, 1, 2, 3+) x age band (<23, 23-28, 29+). */
function heuristicCell(s: Samples, i: number): number {
  const days = s.columns[FEATURE_NAMES.indexOf('days_at_club')]![i]!;
  const age = s.columns[FEATURE_NAMES.indexOf('age')]![i]!;
  const years = Number.isNaN(days) ? 0 : Math.min(3, Math.floor(days / 365));
  const band = Number.isNaN(age) ? 1 : age < 23 ? 0 : age < 29 ? 1 : 2;
  return years * 3 + band;
}

function heuristicRates(s: Samples, y: ArrayLike<number>): (cell: number) => number {
  const n = new Array<number>(12).fill(0);
  const k = new Array<number>(12).fill(0);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const c = heuristicCell(s, i);
    n[c]!++;
    k[c]! += y[i]!;
    total += y[i]!;
  }
  const overall = total / Math.max(1, y.length);
  // A few pseudo-counts at the overall rate keep sparse cells sensible.
  return (c) => (k[c]! + 10 * overall) / (n[c]! + 10);
}

export function runBacktest(
  ds: Dataset,
  after: Map<string, TransferRow[]>,
  asOf: Date,
  opts: { seed?: number; horizons?: readonly Horizon[]; data?: BacktestReport['data']; followedUntil?: Map<string, Ms> } = {},
): BacktestReport {
  const D = asOf.getTime();
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const trained = trainBundle(ds, asOf, { seed: opts.seed });
  const trainingMs = Date.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const trainingCpuMs = Math.round((cpu.user + cpu.system) / 1000);

  const t1 = Date.now();
  const test = buildSamples(ds, [D]);
  const rows = test.playerIds.map((_, i) => test.columns.map((c) => (Number.isNaN(c[i]!) ? null : c[i]!)));
  // As the product publishes it: a horizon whose model has no held-out skill forecasts its training base rate.
  const { bundle } = withBaseRate(trained, horizonsWithoutSkill(trained.metrics));
  const probs = rows.map((r) => moveProbabilities(bundle, r));
  const ranked = test.playerIds.map((id) => rankDestinations(destinationContext(ds, id, D, trained.bundle.destination), 10).map((c) => c.clubId));
  const predictMs = Date.now() - t1;
  const heapAfterPredictMb = Math.round(process.memoryUsage().heapUsed / 1e6);

  // The seasonal base rate and the heuristic are fitted on the same training rows as the final model.
  const training = buildSamples(ds, [...new Set(seasonalDates(D).filter((d) => d.year <= 3).map((d) => d.at))].sort((a, b) => a - b));
  const report: BacktestReport = {
    asOf: asOf.toISOString().slice(0, 10),
    data: opts.data ?? 'as-of filters',
    generatedAt: new Date().toISOString(),
    trainingSamples: trained.trainingSamples,
    positiveSamples: trained.positiveSamples,
    trainingMs,
    trainingCpuMs,
    predictMs,
    heapAfterPredictMb,
    holdout: trained.metrics,
    featureImportances: trained.featureImportances,
    horizons: {},
  };
  for (const H of opts.horizons ?? HORIZONS) {
    const { y, destinations } = labels(ds, after, test, H);
    const yy = Array.from(y);
    const closed = subset(training, (i) => training.dates[i]! + H * DAY < D).samples;
    const yTrain = labels(ds, ds.transfersByPlayer, closed, H).y;
    const rate = yTrain.reduce((a, b) => a + b, 0) / Math.max(1, yTrain.length);
    const cellRate = heuristicRates(closed, yTrain);
    const movers = yy.map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
    const score = (rows: number[]) => {
      const y = rows.map((i) => yy[i]!);
      return {
        model: scoreBinary(rows.map((i) => probs[i]![H]), y),
        baseRate: scoreBinary(rows.map(() => rate), y),
        heuristic: scoreBinary(rows.map((i) => cellRate(heuristicCell(test, i))), y),
      };
    };
    report.horizons[H] = {
      population: yy.length,
      movers: movers.length,
      ...score(yy.map((_, i) => i)),
      destinations: destinationHits(movers.map((i) => ranked[i]!), movers.map((i) => destinations[i]!)),
    };
    const followed = opts.followedUntil;
    if (followed) {
      const end = D + H * DAY;
      const known = test.playerIds.map((id, i) => (outcomeKnown(firstMoveIn(ds, after.get(id) ?? [], D, end)?.date, end, followed.get(id)) ? i : -1)).filter((i) => i >= 0);
      report.horizons[H]!.known = { censored: yy.length - known.length, ...score(known) };
    }
  }
  return report;
}

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(3));
const f2 = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(2));

export function headlineTable(reports: BacktestReport[]): string {
  const lines = [
    '| as of | H | players | move rate | forecast | AUC | Brier skill | ECE (10 quantile bins) | calib. in the large | P@20 | P@100 | dest. top-1 | top-5 | top-10 |',
    '|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of reports) {
    for (const H of HORIZONS) {
      const row = r.horizons[H];
      if (!row) continue;
      for (const [name, s] of [['model', row.model], ['heuristic', row.heuristic], ['base rate', row.baseRate]] as const) {
        const dest = name === 'model' ? [f3(row.destinations.top1), f3(row.destinations.top5), f3(row.destinations.top10)] : ['', '', ''];
        lines.push(
          `| ${r.asOf} | ${H} | ${row.population} | ${f3(s.baseRate)} | ${name} | ${f3(s.auc)} | ${f3(s.brierSkill)} | ${f3(s.ece)} | ${f3(s.calibrationInTheLarge)} | ${f2(s.precisionAt20)} | ${f2(s.precisionAt100)} | ${dest.join(' | ')} |`,
        );
      }
    }
  }
  return lines.join('\n');
}

/**
 * The headline table on the forecasts whose outcome is known (censoring.ts), or null when the reports have no
 * censoring dates. Every recorded move is a known outcome, so the destination columns are the same movers'.
 */
export function knownOutcomeTable(reports: BacktestReport[]): string | null {
  const known = reports.map((r) => ({
    ...r,
    horizons: Object.fromEntries(
      HORIZONS.flatMap((H) => {
        const row = r.horizons[H];
        return row?.known ? [[H, { ...row, ...row.known, population: row.population - row.known.censored }]] : [];
      }),
    ),
  }));
  return known.some((r) => Object.keys(r.horizons).length) ? headlineTable(known) : null;
}

function censoringSection(r: BacktestReport): string[] {
  const table = knownOutcomeTable([r]);
  if (!table) return [];
  const counts = HORIZONS.flatMap((H) => (r.horizons[H]?.known ? [{ H, n: r.horizons[H]!.known!.censored }] : []));
  if (counts.every((c) => c.n === 0)) return ['No outcome is censored: the source followed every scored player to the end of every window.', ''];
  const censored = counts.map((c) => `${c.n} at ${c.H} days`);
  return [
    `**Censored outcomes.** The source stops recording a player's moves once his last covered season is over, so some windows end after it stopped following the player and show no move whether or not he moved: ${censored.join(', ')}. The table above scores them as "no move" (as the baseline figures do); below, the same forecasts on the players whose outcome is known (he moved before the source stopped following him, or it followed him to the window's end). Keeping the early movers of the censored group makes this set's move rate higher than the population's.`,
    '',
    table,
    '',
  ];
}

export function reportMarkdown(r: BacktestReport): string {
  const top = Object.entries(r.featureImportances).slice(0, 10).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`).join(', ');
  return [
    `# Backtest as of ${r.asOf}`,
    '',
    `Generated ${r.generatedAt}, on ${r.data === 'cut' ? 'a copy of the data cut at that date' : 'the full data read through as-of filters'}. Trained on ${r.trainingSamples} (player, date) rows (${r.positiveSamples} positive over the three horizons) in ${(r.trainingMs / 1000).toFixed(1)} s (${(r.trainingCpuMs / 1000).toFixed(1)} s of CPU); predicted in ${(r.predictMs / 1000).toFixed(1)} s; heap ${r.heapAfterPredictMb} MB after predicting.`,
    `Held-out window (calibration and promotion): ${r.holdout.holdoutDates.join(', ')}.`,
    '',
    headlineTable([r]),
    '',
    ...censoringSection(r),
    `Brier skill is against the observed rate of the scored population; the base-rate forecast is the move rate of the same season's training rows, the heuristic the rate per (years at club x age band) cell of those rows.`,
    '',
    `Feature importances (mean |contribution|, averaged over horizons): ${top}.`,
    '',
  ].join('\n');
}
