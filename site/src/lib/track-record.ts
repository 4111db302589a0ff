// The model's track record in one line, for the home page.
import { evaluationKind, headline, holdoutEvaluations, type Evaluation } from './accuracy';

export interface ModelSummary { model_version: string; status: string; metrics: unknown; training_as_of: string }

/** The model serving predictions: the deployed one, else the newest. */
export function currentModel<M extends ModelSummary>(models: M[]): M | null {
  return models.find((m) => m.status === 'deployed') ?? models[0] ?? null;
}

export function trackRecordLine(model: ModelSummary | null, live: Evaluation[] = []): string {
  const e = headline(live, 90) ?? headline(holdoutEvaluations(model), 90);
  if (!model || !e) return 'No model has been scored yet: the track record appears once the first window closes.';
  const parts = [`Model ${model.model_version}`];
  if (e.auc != null) parts.push(`AUC ${e.auc.toFixed(2)}`);
  if (e.brierSkill != null) parts.push(`Brier skill ${e.brierSkill >= 0 ? '+' : ''}${e.brierSkill.toFixed(2)} against the base rate`);
  return `${parts.join(' · ')} at 90 days, ${evaluationKind(e.type).scoredOn}.`;
}
