import { createRoute, z } from '@hono/zod-openapi';
import { transferType } from '../../../../db/schema/enums';
import { AsOfQuery, Cursor, FreshnessFields, IdOrSlug, Page, TransferBrief, errors, json, limit } from '../../lib/schemas';

export const list = createRoute({
  method: 'get',
  path: '/transfers',
  tags: ['Transfers'],
  summary: 'The confirmed-transfer ledger, newest first (corrections applied; nothing dated after T)',
  request: {
    query: AsOfQuery.extend({
      club_id: IdOrSlug.optional().openapi({ description: 'Moves into or out of this club (UUID or slug)' }),
      player_id: IdOrSlug.optional().openapi({ description: 'Moves of this player (UUID or slug)' }),
      transfer_type: z.enum(transferType.enumValues).optional(),
      limit: limit(50, 200),
      cursor: Cursor,
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(TransferBrief), ...Page, ...FreshnessFields }), 'A page of the ledger'),
    422: errors[422],
  },
});
