import { createRoute, z } from '@hono/zod-openapi';
import { AsOfQuery, CompetitionBrief, FreshnessFields, Horizon, IdOrSlug, ProbabilityRowSchema, TransferBrief, errors, json } from '../../lib/schemas';

const SquadPlayer = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    position: z.string().nullable(),
    nationality: z.string().nullable(),
    photo_url: z.string().nullable(),
    age: z.number().nullable(),
    market_value: z.number().nullable(),
    contract_months_remaining: z.number().nullable(),
    p_leave: z.number().nullable().openapi({ description: 'P(any move within horizon_days), latest snapshot at T' }),
  })
  .openapi('SquadPlayer');

export const ClubDetail = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    short_name: z.string().nullable(),
    country: z.string().nullable(),
    stadium: z.string().nullable(),
    stadium_capacity: z.number().nullable(),
    logo_url: z.string().nullable(),
    transfermarkt_id: z.string().nullable(),
    is_active: z.boolean(),
    created_at: z.string(),
    competition_id: z.string().nullable(),
    competition: CompetitionBrief.nullable(),
    horizon_days: z.number(),
    squad: z.array(SquadPlayer),
    squad_count: z.number(),
    outgoing_probabilities: z.array(ProbabilityRowSchema),
    incoming_probabilities: z.array(ProbabilityRowSchema),
    recent_transfers_in: z.array(TransferBrief),
    recent_transfers_out: z.array(TransferBrief),
    ...FreshnessFields,
  })
  .openapi('ClubDetail');

export const getClub = createRoute({
  method: 'get',
  path: '/clubs/{id}',
  tags: ['Clubs'],
  summary: 'Club page: squad at T with P(leaving), likely departures and arrivals, transfers of the last 365 days',
  request: {
    params: z.object({ id: IdOrSlug.openapi({ param: { name: 'id', in: 'path' }, description: 'Club UUID or slug' }) }),
    query: AsOfQuery.extend({
      horizon_days: Horizon.default(90).openapi({ default: 90 }),
      top: z.coerce.number().int().min(1).max(50).default(10).openapi({ type: 'integer', description: 'Departures and arrivals listed' }),
    }),
  },
  responses: { 200: json(ClubDetail, 'The club as of T'), 404: errors[404], 422: errors[422] },
});
