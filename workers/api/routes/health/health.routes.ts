import { createRoute, z } from '@hono/zod-openapi';
import { json } from '../../lib/schemas';

export const Freshness = z
  .object({
    data_as_of: z.string().nullable(),
    last_pipeline_run_at: z.string().nullable(),
    predictions_as_of: z.string().nullable(),
    ledger_as_of: z.string().nullable(),
    market_values_as_of: z.string().nullable(),
  })
  .openapi('Freshness');

const HealthBody = z
  .object({
    status: z.enum(['healthy', 'degraded', 'unhealthy']),
    version: z.string(),
    timestamp: z.string(),
    database: z.enum(['healthy', 'unhealthy']),
    redis: z.enum(['healthy', 'unhealthy', 'not_configured']),
    freshness: Freshness.nullable(),
  })
  .openapi('Health');

export const root = createRoute({
  method: 'get',
  path: '/',
  tags: ['Health'],
  summary: 'API index: name, version, links and data freshness',
  responses: {
    200: json(
      z.object({
        name: z.string(),
        version: z.string(),
        description: z.string(),
        docs: z.string(),
        openapi: z.string(),
        health: z.string(),
        api: z.record(z.string(), z.string()),
        freshness: Freshness.nullable(),
        timestamp: z.string(),
      }),
      'Index',
    ),
  },
});

export const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Database and Redis status, and data freshness (never rate limited)',
  responses: { 200: json(HealthBody, 'Database reachable'), 503: json(HealthBody, 'Database unreachable (same body)') },
});

export const live = createRoute({
  method: 'get',
  path: '/live',
  tags: ['Health'],
  summary: 'Liveness: the Worker runs (touches nothing)',
  responses: { 200: json(z.object({ alive: z.literal(true) }), 'Alive') },
});

const ReadyBody = z.object({ ready: z.boolean(), checks: z.object({ database: z.boolean() }) });
export const ready = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['Health'],
  summary: 'Readiness: 200 when the database answers, else 503',
  responses: { 200: json(ReadyBody, 'Ready'), 503: json(ReadyBody, 'Not ready') },
});
