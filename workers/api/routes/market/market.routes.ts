import { createRoute, z } from '@hono/zod-openapi';
import { AsOfQuery, Cursor, FreshnessFields, Horizon, IdOrSlug, Page, Probability, ProbabilityRowSchema, Uuid, WindowDays, errors, json, limit } from '../../lib/schemas';

// The codes and groups players.position / position_group hold (workers/pipeline/ingest/positions.ts).
const POSITIONS = ['GK', 'CB', 'LB', 'RB', 'DM', 'CM', 'AM', 'LM', 'RM', 'LW', 'RW', 'ST', 'CF', 'DF', 'MF', 'FW', 'goalkeeper', 'defender', 'midfielder', 'forward'] as const;

const Kind = z.enum(['any', 'destination']).optional().openapi({ description: '"any": only P(any move) rows; "destination": only per-club rows' });

export const latest = createRoute({
  method: 'get',
  path: '/market/latest',
  tags: ['Market'],
  summary: 'The probability table: latest snapshot per (player, destination, horizon) at T',
  description:
    'Ordered by probability (descending), then player name, player id, horizon and destination, so pages never overlap. ' +
    'min_probability, club_id, competition_id and position apply to the latest snapshot of each key.',
  request: {
    query: AsOfQuery.extend({
      horizon_days: Horizon.optional(),
      competition_id: Uuid.optional().openapi({ description: 'Rows whose from-club or to-club plays in this competition' }),
      club_id: IdOrSlug.optional().openapi({ description: 'Rows whose from-club or to-club is this club (UUID or slug)' }),
      position: z.enum(POSITIONS).optional().openapi({ description: 'Position code (e.g. ST, or a broad DF/MF/FW) or group (e.g. forward)' }),
      min_probability: Probability.optional(),
      kind: Kind,
      limit: limit(50, 200),
      cursor: Cursor,
    }),
  },
  responses: {
    200: json(
      z.object({
        predictions: z.array(ProbabilityRowSchema),
        total: z.number().openapi({ description: 'Rows in this page' }),
        ...Page,
        filters_applied: z.object({
          horizon_days: z.number().nullable(),
          competition_id: z.string().nullable(),
          club_id: z.string().nullable(),
          position: z.string().nullable(),
          min_probability: z.number().nullable(),
          kind: z.string().nullable(),
        }),
        ...FreshnessFields,
      }),
      'A page of the table',
    ),
    422: errors[422],
  },
});

export const Mover = ProbabilityRowSchema.extend({
  start_probability: z.number().nullable().openapi({ description: 'Latest probability at the window start (keys first published inside the window are not movers)' }),
  change: z.number().openapi({ description: 'probability - start_probability' }),
}).openapi('Mover');

export const movers = createRoute({
  method: 'get',
  path: '/market/movers',
  tags: ['Market'],
  summary: 'Largest probability changes over a window ending at T',
  request: {
    query: AsOfQuery.extend({
      window_days: WindowDays(7),
      horizon_days: Horizon.default(90).openapi({ default: 90 }),
      kind: Kind,
      direction: z.enum(['up', 'down', 'both']).default('both'),
      min_change: z.coerce.number().min(0).max(1).default(0.01).openapi({ type: 'number', default: 0.01 }),
      limit: limit(20, 100),
    }),
  },
  responses: {
    200: json(
      z.object({ movers: z.array(Mover), window: z.object({ days: z.number(), start: z.string(), end: z.string() }), ...FreshnessFields }),
      'Movers, largest change first',
    ),
    422: errors[422],
  },
});
