import { createRoute, z } from '@hono/zod-openapi';
import { AsOfQuery, FreshnessFields, errors, json, limit } from '../../lib/schemas';

export const SearchResult = z
  .object({
    type: z.enum(['player', 'club']),
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    subtitle: z.string().nullable(),
    image_url: z.string().nullable(),
    score: z.number(),
  })
  .openapi('SearchResult');

export const search = createRoute({
  method: 'get',
  path: '/search',
  tags: ['Search'],
  summary: 'Find players and clubs by name (accent-insensitive, typo-tolerant)',
  description:
    'Trigram similarity on the accent-free name. Prefix matches come first. LIKE wildcards in q match literally. ' +
    'A q shorter than 2 characters (after trimming) returns an empty list.',
  request: {
    query: AsOfQuery.extend({
      q: z.string().max(100).openapi({ example: 'Mbappe' }),
      limit: limit(20, 50),
      type: z.enum(['player', 'club']).optional(),
    }),
  },
  responses: {
    200: json(z.object({ query: z.string(), results: z.array(SearchResult), total: z.number(), ...FreshnessFields }), 'Matches, best first'),
    422: errors[422],
  },
});
