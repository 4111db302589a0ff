/**
 * The model layer's contract with the pipeline steps: point-in-time data, features, candidates, training,
 * prediction and the pure metrics. Everything here is deterministic for a given Dataset, date and seed.
 */
export { loadDataset, loadOutcomes } from './dataset';
export { LeakError, assertNoLeak } from './leak';
export { FEATURES, FEATURE_NAMES, activePlayers, buildFeatures, describeFeature } from './features';
export { candidateDestinations } from './destinations';
export { shouldPromote, trainBundle, type TrainingMetrics, type TrainResult } from './train';
export { predictPlayer } from './predict';
export { destinationHits, scoreBinary } from './metrics';
export { QUALIFYING_TYPES, clubAt, isQualifyingMove } from './timeline';
export type * from './types';
