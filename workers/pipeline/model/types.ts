/**
 * Types of the model layer: the point-in-time Dataset the pipeline reads, feature vectors, the trained bundle
 * (plain JSON, stored in model_versions.artifact) and what a prediction returns.
 * Times are epoch milliseconds (UTC); ledger dates are midnight UTC of their day.
 */
import type { Horizon } from '../../../db/schema/enums';

export type { Horizon };
export type Ms = number;

export interface CompetitionRow {
  id: string;
  code: string | null;
  isTop5: boolean;
  tier: number;
  isLeague: boolean;
}

export interface ClubRow {
  id: string;
  name: string;
  competitionId: string | null;
  isStatusPseudo: boolean;
  isYouthOrReserve: boolean;
}

export interface PlayerRow {
  id: string;
  dob: Ms | null;
  /** Position code or group as stored (GK/DF/MF/FW, finer codes, or group names). */
  position: string | null;
  positionGroup: string | null;
}

export interface TransferRow {
  playerId: string;
  fromClubId: string | null;
  toClubId: string;
  type: string;
  date: Ms;
  fee: number | null;
  marketValue: number | null;
}

/**
 * Every observation of one signal type for one entity, ordered by effective_from then observed_at.
 * A row is visible at D when observed <= D, from <= D and to > D (to = Infinity while it holds).
 */
export interface SignalSeries {
  from: Ms[];
  observed: Ms[];
  to: Ms[];
  num: (number | null)[];
  json: unknown[];
}

export interface Dataset {
  asOf: Ms;
  competitions: Map<string, CompetitionRow>;
  clubs: Map<string, ClubRow>;
  players: Map<string, PlayerRow>;
  /** Non-superseded ledger rows dated on or before asOf, ordered by date (then load order). */
  transfers: TransferRow[];
  transfersByPlayer: Map<string, TransferRow[]>;
  /** Player signals: player id -> signal type -> series. */
  playerSignals: Map<string, Map<string, SignalSeries>>;
  /** Club signals: club id -> signal type -> series. */
  clubSignals: Map<string, Map<string, SignalSeries>>;
  /** Player-club pair signals: player id -> signal type -> club id -> series. */
  pairSignals: Map<string, Map<string, Map<string, SignalSeries>>>;
}

export interface FeatureVector {
  values: Record<string, number | null>;
}

export interface Driver {
  feature: string;
  label: string;
  value: number | null;
  /** Change in log-odds this feature causes for this player, against the model's average. */
  contribution: number;
}

export interface Candidate {
  clubId: string;
  sources: string[];
  score: number;
}

/** A gradient-boosted tree ensemble over binned features (see gbm.ts). */
export interface TreeNode {
  /** Feature index; -1 for a leaf. */
  f: number;
  /** Go left when bin <= b (bin 0 is "missing"; missing goes left when ml). */
  b: number;
  ml: boolean;
  l: number;
  r: number;
  /** Node output (log-odds increment, already shrunk): leaves use it for scoring, inner nodes for contributions. */
  v: number;
}

export interface GbmModel {
  features: string[];
  /** Upper edges per feature: value v falls in bin 1 + (number of edges < v); null goes to bin 0. */
  edges: number[][];
  base: number;
  trees: TreeNode[][];
}

/** Post-hoc calibration on log-odds: p = sigmoid(a * logit + b). */
export interface Calibration {
  a: number;
  b: number;
}

export interface DestinationScorerParams {
  /**
   * Blend weights of the normalised sources: club flows, league x value-band flows, popularity, user co-occurrence,
   * and the clubs he played for before (`former`; absent from bundles trained before it existed, so weight 0).
   */
  weights: { club: number; leagueBand: number; popularity: number; user: number; former?: number };
  /**
   * P(destination = his current club | move) for a player who joined his club without a fee within
   * `permanentWithinDays` (a loan made permanent). Measured at training time on the training dates' movers, since it
   * is seasonal (about 0.3 from June, 0.05 from January). Absent from older bundles: no such destination.
   */
  permanentShare?: number;
  permanentWithinDays?: number;
  /** Value band edges (EUR) for the league x value-band flows. */
  bandEdges: number[];
  /** How many years of ledger history the flows count. */
  flowYears: number;
}

export interface ModelBundle {
  kind: 'transferlens-gbm';
  version: 1;
  trainedAsOf: string;
  features: string[];
  horizons: Record<Horizon, { model: GbmModel; calibration: Calibration }>;
  destination: DestinationScorerParams;
}

export interface HorizonProbabilities {
  30: number;
  90: number;
  180: number;
}

export interface Prediction {
  move: HorizonProbabilities;
  drivers: Driver[];
  destinations: { clubId: string; p: HorizonProbabilities; drivers: Driver[] }[];
  features: Record<string, number | null>;
}

export interface BinaryScore {
  n: number;
  positives: number;
  baseRate: number;
  meanPredicted: number;
  auc: number | null;
  brier: number;
  /** Skill against the observed rate of the same sample: 1 - brier / (rate * (1 - rate)). */
  brierSkill: number | null;
  logLoss: number;
  ece: number;
  reliability: { bin: number; count: number; meanPredicted: number; observedRate: number }[];
  precisionAt20: number | null;
  precisionAt100: number | null;
  /** Mean predicted minus observed rate. */
  calibrationInTheLarge: number;
}
