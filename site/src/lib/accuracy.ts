// Shaping the scored track record (model_evaluations rows from GET /api/v1/track-record, or a model's training holdout)
// for the page.
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
  /** The model version whose forecasts were scored (null when the row does not say). */
  modelVersion: string | null;
  /** Forecasts of the month not scored: the source stopped following the player before the window closed; null when unknown. */
  censored: number | null;
}

/** One horizon and type pooled over every scored month (the API's summary rows). */
export interface Pooled {
  type: string;
  horizon: number;
  months: number;
  modelVersions: number;
  start: string;
  end: string;
  n: number;
  positives: number;
  brier: number | null;
  censored: number | null;
  bins: Evaluation['bins'];
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
    modelVersion: r.model_version == null ? null : String(r.model_version),
    censored: n(r.censored),
  };
}

export function pooled(r: Raw): Pooled {
  return {
    type: String(r.evaluation_type ?? ''),
    horizon: n(r.horizon_days) ?? 90,
    months: n(r.months) ?? 0,
    modelVersions: n(r.model_versions) ?? 0,
    start: String(r.first_start ?? ''),
    end: String(r.last_end ?? ''),
    n: n(r.total_predictions) ?? 0,
    positives: n(r.total_positives) ?? 0,
    brier: n(r.brier_score),
    censored: n(r.censored),
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

/** One scored month of one horizon and type, over every model version that forecast in it. */
export interface Month { start: string; n: number; brier: number | null; precisionAt20: number | null; modelVersions: string[] }

/**
 * Month by month, oldest first, for one horizon and type. A month where several model versions published has one row
 * each; they merge exactly: the Brier score weighted by predictions, the top-20 hit rate as the mean over the months'
 * top-20 lists (every list has 20 forecasts).
 */
export function byMonth(evals: Evaluation[], horizon: number, type: string): Month[] {
  const months = new Map<string, Evaluation[]>();
  for (const e of evals.filter((x) => x.horizon === horizon && x.type === type)) months.set(e.start, [...(months.get(e.start) ?? []), e]);
  const mean = (xs: { v: number; w: number }[]) => (xs.length ? xs.reduce((s, x) => s + x.v * x.w, 0) / xs.reduce((s, x) => s + x.w, 0) : null);
  return [...months.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([start, rows]) => ({
      start,
      n: rows.reduce((s, e) => s + e.n, 0),
      brier: mean(rows.filter((e) => e.brier != null && e.n > 0).map((e) => ({ v: e.brier!, w: e.n }))),
      precisionAt20: mean(rows.filter((e) => e.precisionAt20 != null).map((e) => ({ v: e.precisionAt20!, w: 1 }))),
      modelVersions: [...new Set(rows.flatMap((e) => (e.modelVersion ? [e.modelVersion] : [])))],
    }));
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
