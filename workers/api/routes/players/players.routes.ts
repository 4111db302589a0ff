import { createRoute, z } from '@hono/zod-openapi';
import { signalType } from '../../../../db/schema/enums';
import {
  AsOfQuery, ClubBrief, CompetitionBrief, Cursor, FreshnessFields, Horizon, IdOrSlug, IsStatusClubOrNull, Page, PredictionBrief, TransferBrief,
  WindowDays, errors, json, limit,
} from '../../lib/schemas';

const Params = z.object({ id: IdOrSlug.openapi({ param: { name: 'id', in: 'path' }, description: 'Player UUID or slug' }) });

const Change = z
  .object({
    kind: z.enum(['signal', 'probability']),
    signal_type: z.string().nullable(),
    horizon_days: z.number().nullable(),
    to_club_id: z.string().nullable(),
    to_club_name: z.string().nullable(),
    to_club_is_status: IsStatusClubOrNull,
    description: z.string(),
    old_value: z.unknown(),
    new_value: z.unknown(),
    change_percent: z.number().nullable(),
    severity: z.enum(['alert', 'warning', 'info']),
    observed_at: z.string().nullable(),
  })
  .openapi('Change');

const HorizonPredictions = z
  .object({
    horizon_days: z.number(),
    p_move: z.number().nullable().openapi({ description: 'P(any move within the horizon); null when no snapshot is visible at T' }),
    as_of: z.string().nullable(),
    window_end: z.string().nullable(),
    model_version: z.string().nullable(),
    top_destinations: z.array(PredictionBrief),
  })
  .openapi('HorizonPredictions');

export const PlayerDetail = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    full_name: z.string().nullable(),
    date_of_birth: z.string().nullable(),
    age: z.number().nullable(),
    nationality: z.string().nullable(),
    country_of_birth: z.string().nullable(),
    position: z.string().nullable(),
    position_group: z.string().nullable(),
    sub_position: z.string().nullable(),
    foot: z.string().nullable(),
    height_cm: z.number().nullable(),
    photo_url: z.string().nullable(),
    is_active: z.boolean(),
    transfermarkt_id: z.string().nullable(),
    current_club_id: z.string().nullable().openapi({
      description: 'His club at T (current_club.id); null when he has none or when it is a status pseudo-club (Without Club, Retired)',
    }),
    current_club: ClubBrief.nullable(),
    competition: CompetitionBrief.nullable(),
    market_value: z.number().nullable(),
    contract_months_remaining: z.number().nullable(),
    contract_until: z.string().nullable(),
    latest_signals: z.record(z.string(), z.object({ value: z.unknown(), observed_at: z.string(), effective_from: z.string(), source: z.string() })),
    predictions: z.array(HorizonPredictions),
    latest_predictions: z.array(PredictionBrief),
    what_changed: z.array(Change),
    what_changed_window: z.object({ days: z.number(), start: z.string(), end: z.string() }),
    transfer_history: z.array(TransferBrief),
    ...FreshnessFields,
  })
  .openapi('PlayerDetail');

export const getPlayer = createRoute({
  method: 'get',
  path: '/players/{id}',
  tags: ['Players'],
  summary: 'Player page: profile, club, key stats, predictions, what changed, transfer history (all as of T)',
  request: {
    params: Params,
    query: AsOfQuery.extend({
      window_days: WindowDays(7).openapi({ description: 'Window of what_changed, ending at T' }),
      top: z.coerce.number().int().min(1).max(20).default(5).openapi({ type: 'integer', description: 'Destinations per horizon' }),
    }),
  },
  responses: { 200: json(PlayerDetail, 'The player as of T'), 404: errors[404], 422: errors[422] },
});

export const Signal = z
  .object({
    id: z.string(),
    signal_id: z.string(),
    entity_type: z.string(),
    player_id: z.string().nullable(),
    club_id: z.string().nullable(),
    club_name: z.string().nullable(),
    club_is_status: IsStatusClubOrNull,
    signal_type: z.string(),
    value_num: z.number().nullable(),
    value_text: z.string().nullable(),
    value_json: z.unknown(),
    source: z.string(),
    source_id: z.string().nullable(),
    confidence: z.number(),
    observed_at: z.string(),
    effective_from: z.string(),
    effective_to: z.string().nullable(),
  })
  .openapi('Signal');

export const getPlayerSignals = createRoute({
  method: 'get',
  path: '/players/{id}/signals',
  tags: ['Players'],
  summary: 'Signals of a player known at T, newest effective first',
  description:
    'Only rows observed and effective on or before T. By default only those still in force at T; include_ended=true adds rows whose validity ended on or before T (history for charts).',
  request: {
    params: Params,
    query: AsOfQuery.extend({
      signal_type: z.enum(signalType.enumValues).optional(),
      include_ended: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
      limit: limit(100, 500),
      cursor: Cursor,
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(Signal), ...Page, ...FreshnessFields }), 'Signals'),
    404: errors[404],
    422: errors[422],
  },
});

export const Snapshot = PredictionBrief.extend({ from_club_id: z.string().nullable(), from_club_is_status: IsStatusClubOrNull, window_start: z.string() })
  .openapi('Snapshot');

export const getPlayerPredictions = createRoute({
  method: 'get',
  path: '/players/{id}/predictions',
  tags: ['Players'],
  summary: 'Prediction snapshots of a player published on or before T, newest first (history for charts)',
  request: {
    params: Params,
    query: AsOfQuery.extend({
      horizon_days: Horizon.optional(),
      to_club: z.union([z.literal('any'), IdOrSlug]).optional().openapi({ description: 'Destination club UUID or slug, or "any" for P(any move)' }),
      limit: limit(50, 500),
      cursor: Cursor,
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(Snapshot), ...Page, ...FreshnessFields }), 'Snapshots'),
    404: errors[404],
    422: errors[422],
  },
});
