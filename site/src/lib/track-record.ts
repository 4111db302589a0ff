// The model's track record in words, from GET /api/v1/models (metrics of the current model).
/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = Record<string, any>;

export interface HorizonScore { horizon: number; brier: number | null; brierSkill: number | null; auc: number | null; n: number | null }

const n = (v: unknown): number | null => (v == null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

/** The model currently serving predictions: the deployed/promoted one, else the newest. */
export function currentModel(models: Raw[]): Raw | null {
  return models.find((m) => m.is_current || m.status === 'deployed' || m.promoted) ?? models[0] ?? null;
}

/** Held-out scores per horizon from a model's metrics (`metrics.horizons["90"]` or `metrics["90"]` or a list). */
export function horizonScores(model: Raw | null): HorizonScore[] {
  if (!model) return [];
  const metrics = model.metrics ?? {};
  const byH: Raw = metrics.horizons ?? metrics.by_horizon ?? metrics;
  return [30, 90, 180]
    .map((h) => {
      const m = byH[String(h)] ?? byH[`h${h}`] ?? (Array.isArray(byH) ? byH.find((x: Raw) => x.horizon_days === h) : null);
      if (!m || typeof m !== 'object') return null;
      return { horizon: h, brier: n(m.brier), brierSkill: n(m.brier_skill ?? m.brier_skill_score), auc: n(m.auc), n: n(m.n ?? m.count ?? m.n_samples) };
    })
    .filter((x): x is HorizonScore => x !== null);
}

export function trackRecordLine(model: Raw | null): string {
  const scores = horizonScores(model);
  const h90 = scores.find((s) => s.horizon === 90) ?? scores[0];
  if (!model || !h90) return 'No model has been scored yet: the track record appears after the first evaluated window.';
  const parts = [`Model ${model.model_version ?? model.version}`];
  if (h90.auc != null) parts.push(`AUC ${h90.auc.toFixed(2)}`);
  if (h90.brierSkill != null) parts.push(`Brier skill ${h90.brierSkill >= 0 ? '+' : ''}${h90.brierSkill.toFixed(2)} vs the base rate`);
  else if (h90.brier != null) parts.push(`Brier ${h90.brier.toFixed(3)}`);
  return `${parts.join(' · ')} at ${h90.horizon} days, on a held-out window.`;
}
