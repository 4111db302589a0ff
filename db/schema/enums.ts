import { pgEnum } from 'drizzle-orm/pg-core';

/** Which entity a signal describes. The database checks the ids agree with it. */
export const entityType = pgEnum('entity_type', ['player', 'club', 'club_player_pair']);

export const signalType = pgEnum('signal_type', [
  'market_value',
  'contract_expiry',
  'contract_months_remaining',
  'current_club',
  'agent',
  'season_appearances',
  'minutes_last_5',
  'injuries_status',
  'goals_last_10',
  'assists_last_10',
  'club_league_position',
  'club_points_per_game',
  'club_net_spend_12m',
  'wage_estimate',
  'release_clause',
  'social_mention_velocity',
  'social_sentiment',
  'user_attention_velocity',
  'user_destination_cooccurrence',
  'user_watchlist_adds',
  // When the source stopped recording the player's moves (he left its coverage): later windows are censored.
  'ledger_followed_until',
]);

export const transferType = pgEnum('transfer_type', [
  'permanent',
  'free_transfer',
  'loan',
  'loan_with_option',
  'loan_with_obligation',
  'loan_return',
  'youth_promotion',
  'free_agent_signing',
  'release',
  'retirement',
  'contract_expiry',
]);

export const feeType = pgEnum('fee_type', ['confirmed', 'reported', 'estimated', 'undisclosed', 'free', 'unknown']);

export const userEventType = pgEnum('user_event_type', [
  'page_view',
  'player_view',
  'club_view',
  'transfer_view',
  'prediction_view',
  'watchlist_add',
  'watchlist_remove',
  'search',
  'share',
  'filter_apply',
  'comparison_view',
]);

export const modelStatus = pgEnum('model_status', ['training', 'completed', 'failed', 'deployed', 'archived']);

export const runStatus = pgEnum('run_status', ['pending', 'running', 'succeeded', 'failed', 'skipped']);

export const correctionType = pgEnum('correction_type', ['insert', 'update', 'delete', 'merge', 'supersede']);

/** Horizons the product publishes, in days. */
export const HORIZONS = [30, 90, 180] as const;
export type Horizon = (typeof HORIZONS)[number];

/** Source name of signals derived from TransferLens user behaviour; the database caps their confidence. */
export const USER_DERIVED_SOURCE = 'tl_user_derived';
export const USER_DERIVED_MAX_CONFIDENCE = 0.6;
