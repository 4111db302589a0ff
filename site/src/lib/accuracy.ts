// Shaping the model's scored track record (model_evaluations rows from GET /api/v1/models/{version}) for the page.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = Record<string, any>;

export interface Evaluation {
  type: string;
  name: string;
  start: string;
  end: string;
  horizon: number;
  n: number;
  positives: number;
  auc: number | null;
  brier: number | null;
  brierSkill: number | null;
  calibrationError: number | null;
  precisionAt20: number | null;
  precisionAt100: number | null;
  top1: number | null;
  top5: number | null;
  bins: { predicted: number; observed: number; n: number }[];
}

const n = (v: unknown): number | null => (v == null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

function bins(raw: unknown): Evaluation['bins'] {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((b: Raw) => ({
      predicted: n(b.meanPredicted) ?? NaN,
      observed: n(b.observedRate) ?? NaN,
      n: n(b.count) ?? 0,
    }))
    .filter((b) => Number.isFinite(b.predicted) && Number.isFinite(b.observed) && b.n > 0);
}

export function evaluation(r: Raw): Evaluation {
  return {
    type: String(r.evaluation_type ?? 'holdout'),
    name: String(r.evaluation_name ?? ''),
    start: String(r.evaluation_start ?? ''),
    end: String(r.evaluation_end ?? ''),
    horizon: n(r.horizon_days) ?? 90,
    n: n(r.total_predictions) ?? 0,
    positives: n(r.total_positives) ?? 0,
    auc: n(r.auc_roc),
    brier: n(r.brier_score),
    brierSkill: n(r.brier_skill),
    calibrationError: n(r.calibration_error),
    precisionAt20: n(r.precision_at_20),
    precisionAt100: n(r.precision_at_100),
    top1: n(r.destination_top1),
    top5: n(r.destination_top5),
    bins: bins(r.calibration_bins),
  };
}

/**
 * What an evaluation type means, in plain words: 'live' scores forecasts published at the time; 'backtest' scores
 * predictions the pipeline replayed later from the data of their day (`replay`), which were never published then.
 */
export const EVALUATION_KINDS: Record<string, { label: string; scoredOn: string }> = {
  live: { label: 'published', scoredOn: 'on published predictions' },
  backtest: { label: 'replayed', scoredOn: 'on predictions replayed from the data available at the time, computed later' },
  holdout: { label: 'held out', scoredOn: 'on a held-out window at training' },
};

export const evaluationKind = (type: string) => EVALUATION_KINDS[type] ?? EVALUATION_KINDS.holdout!;

/** The evaluation to headline per horizon: the most recent live one, else the latest backtest/holdout. */
export function headline(evals: Evaluation[], horizon: number): Evaluation | null {
  const rank = (e: Evaluation) => (e.type === 'live' ? 2 : e.type === 'backtest' ? 1 : 0);
  return (
    evals
      .filter((e) => e.horizon === horizon)
      .sort((a, b) => rank(b) - rank(a) || b.end.localeCompare(a.end))[0] ?? null
  );
}

/** Month-by-month evaluations of one horizon (scored windows), oldest first. */
export function overTime(evals: Evaluation[], horizon: number): Evaluation[] {
  return evals.filter((e) => e.horizon === horizon && e.type !== 'holdout').sort((a, b) => a.start.localeCompare(b.start));
}

/** Pools calibration bins of several evaluations (weighted by count) so sparse months still give a diagram. */
export function pooledBins(evals: Evaluation[]): Evaluation['bins'] {
  const acc = new Map<number, { p: number; o: number; n: number }>();
  for (const e of evals)
    for (const b of e.bins) {
      const k = Math.min(9, Math.floor(b.predicted * 10));
      const a = acc.get(k) ?? { p: 0, o: 0, n: 0 };
      acc.set(k, { p: a.p + b.predicted * b.n, o: a.o + b.observed * b.n, n: a.n + b.n });
    }
  return [...acc.entries()].sort((x, y) => x[0] - y[0]).map(([, a]) => ({ predicted: a.p / a.n, observed: a.o / a.n, n: a.n }));
}

/**
 * The held-out scores stored with a model at training (`metrics.horizons[H].model`, a BinaryScore), as evaluations,
 * so the page has a track record before any live window has closed. Skill is measured against the training base rate.
 */
export function holdoutEvaluations(model: { metrics: unknown; training_as_of: string } | null): Evaluation[] {
  const horizons = (model?.metrics as Raw | undefined)?.horizons as Raw | undefined;
  if (!model || !horizons) return [];
  const dates = ((model.metrics as Raw).holdoutDates as string[] | undefined) ?? [];
  return Object.entries(horizons).flatMap(([h, v]) => {
    const m = (v as Raw)?.model as Raw | undefined;
    if (!m) return [];
    const base = n((v as Raw).baseRate?.brier);
    const brier = n(m.brier);
    return [{
      ...evaluation({ evaluation_type: 'holdout', evaluation_name: 'training holdout', horizon_days: Number(h), total_predictions: m.n, total_positives: m.positives,
        auc_roc: m.auc, brier_score: brier, log_loss: m.logLoss, calibration_error: m.ece, precision_at_20: m.precisionAt20, precision_at_100: m.precisionAt100,
        calibration_bins: m.reliability, evaluation_start: dates[0] ?? model.training_as_of, evaluation_end: dates[dates.length - 1] ?? model.training_as_of }),
      brierSkill: brier != null && base ? 1 - brier / base : null,
    }];
  });
}
