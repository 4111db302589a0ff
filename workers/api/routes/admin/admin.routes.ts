import { createRoute, z } from '@hono/zod-openapi';
import { entityType, feeType, HORIZONS, runStatus, signalType, transferType, USER_DERIVED_MAX_CONFIDENCE, USER_DERIVED_SOURCE, userEventType } from '../../../../db/schema/enums';
import { AsOfQuery, Instant, IsoDate, Uuid, errors, json, limit } from '../../lib/schemas';

const security = [{ AdminKey: [] }];
const adminErrors = { 401: errors[401], 403: errors[403], 422: errors[422], 503: errors[503] };
const EventId = z.string().min(1).max(120).regex(/^[A-Za-z0-9._:~-]+$/, 'letters, digits and . _ : ~ - only');
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const transferFields = {
  player_id: Uuid,
  from_club_id: Uuid.nullable().optional().openapi({ description: 'null: youth academy or unknown origin' }),
  to_club_id: Uuid,
  transfer_type: z.enum(transferType.enumValues),
  transfer_date: IsoDate,
  announced_date: IsoDate.nullable().optional(),
  season: z.string().max(10).nullable().optional(),
  fee_amount_eur: z.number().min(0).max(1e10).nullable().optional(),
  fee_type: z.enum(feeType.enumValues),
  market_value_eur: z.number().min(0).max(1e10).nullable().optional(),
  loan_end_date: IsoDate.nullable().optional(),
  contract_end: IsoDate.nullable().optional(),
  source: z.string().min(1).max(255),
  source_url: z.string().url().max(1000).refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL').nullable().optional(),
  source_confidence: z.number().min(0).max(1),
  notes: z.string().max(5000).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
};

/** Rules across fields, shared by creation and correction. */
export function transferRules(t: { from_club_id?: string | null; to_club_id?: string; transfer_date?: string; loan_end_date?: string | null }) {
  const problems: { path: string; message: string }[] = [];
  if (t.from_club_id && t.from_club_id === t.to_club_id) problems.push({ path: 'json.to_club_id', message: 'must differ from from_club_id' });
  if (t.loan_end_date && t.transfer_date && t.loan_end_date < t.transfer_date) problems.push({ path: 'json.loan_end_date', message: 'must not be before transfer_date' });
  return problems;
}

// Defaults apply on creation only: a correction that omits fee_type must not reset it to 'reported'.
export const TransferCreate = z.object({
  ...transferFields, fee_type: transferFields.fee_type.default('reported'), source_confidence: transferFields.source_confidence.default(1), event_id: EventId.optional().openapi({ description: 'Natural key; derived from player, date and clubs when omitted' }) }).openapi('TransferCreate');

export const TransferEvent = z
  .object({
    id: z.string(),
    event_id: z.string(),
    player_id: z.string(),
    from_club_id: z.string().nullable(),
    to_club_id: z.string(),
    transfer_type: z.string(),
    transfer_date: z.string(),
    announced_date: z.string().nullable(),
    season: z.string().nullable(),
    fee_amount_eur: z.number().nullable(),
    fee_type: z.string(),
    market_value_eur: z.number().nullable(),
    loan_end_date: z.string().nullable(),
    contract_end: z.string().nullable(),
    source: z.string(),
    source_url: z.string().nullable(),
    source_confidence: z.number(),
    notes: z.string().nullable(),
    is_superseded: z.boolean(),
    superseded_by: z.string().nullable(),
    superseded_at: z.string().nullable(),
    superseded_reason: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('TransferEvent');

export const createTransfer = createRoute({
  method: 'post',
  path: '/admin/transfer_events',
  tags: ['Admin'],
  security,
  summary: 'Append a confirmed transfer to the ledger',
  request: { body: body(TransferCreate) },
  responses: { 201: json(TransferEvent, 'Appended'), 409: errors[409], ...adminErrors },
});

export const supersedeTransfer = createRoute({
  method: 'post',
  path: '/admin/transfer_events/{event_id}/supersede',
  tags: ['Admin'],
  security,
  summary: 'Correct a ledger row: insert the corrected row and mark the old one superseded, atomically (the only correction path)',
  request: {
    params: z.object({ event_id: EventId.openapi({ param: { name: 'event_id', in: 'path' } }) }),
    body: body(
      z
        .object({
          reason: z.string().min(3).max(2000),
          correction: z.object(transferFields).partial().openapi({ description: 'Only the fields that change' }),
          event_id: EventId.optional().openapi({ description: 'Event id of the corrected row; default <old>.v<n>' }),
        })
        .openapi('TransferCorrection'),
    ),
  },
  responses: {
    201: json(z.object({ superseded: TransferEvent, corrected: TransferEvent }), 'Corrected'),
    404: errors[404],
    409: errors[409],
    ...adminErrors,
  },
});

export const SignalCreate = z
  .object({
    signal_id: z.string().min(1).max(200).optional().openapi({ description: 'Natural key; derived from the fields when omitted, so retries are idempotent' }),
    entity_type: z.enum(entityType.enumValues),
    player_id: Uuid.nullable().optional(),
    club_id: Uuid.nullable().optional(),
    signal_type: z.enum(signalType.enumValues),
    value_num: z.number().min(-1e15).max(1e15).nullable().optional(),
    value_text: z.string().max(2000).nullable().optional(),
    value_json: z.record(z.string(), z.unknown()).nullable().optional(),
    source: z.string().min(1).max(255),
    source_id: z.string().max(255).nullable().optional(),
    confidence: z.number().min(0).max(1).default(1),
    observed_at: Instant,
    effective_from: Instant,
    effective_to: Instant.nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .superRefine((s, ctx) => {
    const need = { player: [true, false], club: [false, true], club_player_pair: [true, true] }[s.entity_type];
    if (Boolean(s.player_id) !== need[0]) ctx.addIssue({ code: 'custom', path: ['player_id'], message: need[0] ? `required for entity_type ${s.entity_type}` : `not allowed for entity_type ${s.entity_type}` });
    if (Boolean(s.club_id) !== need[1]) ctx.addIssue({ code: 'custom', path: ['club_id'], message: need[1] ? `required for entity_type ${s.entity_type}` : `not allowed for entity_type ${s.entity_type}` });
    if (s.value_num == null && s.value_text == null && s.value_json == null) ctx.addIssue({ code: 'custom', path: ['value_num'], message: 'one of value_num, value_text, value_json is required' });
    if (s.effective_from > s.observed_at) ctx.addIssue({ code: 'custom', path: ['effective_from'], message: 'must not be after observed_at (nothing is known before it is observed)' });
    if (s.effective_to && s.effective_to <= s.effective_from) ctx.addIssue({ code: 'custom', path: ['effective_to'], message: 'must be after effective_from' });
    if (s.observed_at.getTime() > Date.now() + 5 * 60_000) ctx.addIssue({ code: 'custom', path: ['observed_at'], message: 'must not be in the future' });
    if (s.source === USER_DERIVED_SOURCE && s.confidence > USER_DERIVED_MAX_CONFIDENCE) ctx.addIssue({ code: 'custom', path: ['confidence'], message: `at most ${USER_DERIVED_MAX_CONFIDENCE} for user-derived signals` });
  })
  .openapi('SignalCreate');

export const createSignals = createRoute({
  method: 'post',
  path: '/admin/signal_events',
  tags: ['Admin'],
  security,
  summary: 'Append one signal or a batch of up to 500 (all or nothing; known signal_ids are skipped)',
  request: { body: body(z.union([SignalCreate, z.array(SignalCreate).min(1).max(500)])) },
  responses: {
    201: json(z.object({ inserted: z.number(), skipped: z.number(), signal_ids: z.array(z.string()) }), 'Appended'),
    ...adminErrors,
  },
});

export const rebuild = createRoute({
  method: 'post',
  path: '/admin/rebuild/materialized',
  tags: ['Admin'],
  security,
  summary: 'Refresh derived read structures and drop cached responses',
  responses: {
    200: json(z.object({ success: z.literal(true), views_refreshed: z.array(z.string()), cache_invalidated: z.boolean(), message: z.string(), duration_ms: z.number() }), 'Done'),
    ...adminErrors,
  },
});

export const startRun = createRoute({
  method: 'post',
  path: '/admin/pipeline/run',
  tags: ['Admin'],
  security,
  summary: 'Start a pipeline run: records a pending umbrella run that the pipeline runner (Cron Worker or CLI) picks up',
  request: {
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.object({
            as_of: IsoDate.optional().openapi({ description: 'Day to run as of; default: the latest data day (never a day the data does not reach)' }),
            horizons: z.array(z.union(HORIZONS.map((h) => z.literal(h)) as [z.ZodLiteral<30>, z.ZodLiteral<90>, z.ZodLiteral<180>])).min(1).max(3).optional(),
          }),
        },
      },
    },
  },
  responses: {
    202: json(
      z.object({
        run_id: z.string(),
        run_key: z.string(),
        status: z.string(),
        as_of: z.string(),
        horizons: z.array(z.number()),
        dispatched: z.boolean().openapi({ description: 'Whether the cron Worker was woken through the PIPELINE service binding' }),
      }),
      'Pending (or the existing run with the same key)',
    ),
    ...adminErrors,
  },
});

const PipelineRun = z
  .object({
    run_id: z.string(),
    run_key: z.string(),
    status: z.string(),
    trigger: z.string(),
    as_of: z.string(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    duration_ms: z.number().nullable(),
    error: z.string().nullable(),
    steps: z.array(z.object({ step: z.string(), status: z.string(), rows_read: z.number(), rows_written: z.number(), duration_ms: z.number().nullable(), error: z.string().nullable() })),
  })
  .openapi('PipelineRun');

export const listRuns = createRoute({
  method: 'get',
  path: '/admin/pipeline/runs',
  tags: ['Admin'],
  security,
  summary: 'Pipeline runs created on or before as_of, newest first, with their steps',
  request: { query: AsOfQuery.extend({ status: z.enum(runStatus.enumValues).optional(), limit: limit(20, 200) }) },
  responses: { 200: json(z.object({ runs: z.array(PipelineRun) }), 'Runs'), ...adminErrors },
});

export const recentEvents = createRoute({
  method: 'get',
  path: '/admin/events/recent',
  tags: ['Admin'],
  security,
  summary: 'User events received on or before as_of, newest first',
  request: { query: AsOfQuery.extend({ event_type: z.enum(userEventType.enumValues).optional(), limit: limit(50, 500) }) },
  responses: {
    200: json(
      z.object({
        events: z.array(
          z.object({
            id: z.string(),
            user_anon_id: z.string(),
            session_id: z.string(),
            event_type: z.string(),
            event_props_json: z.unknown(),
            player_id: z.string().nullable(),
            club_id: z.string().nullable(),
            occurred_at: z.string(),
            received_at: z.string(),
            device_type: z.string().nullable(),
            country_code: z.string().nullable(),
          }),
        ),
      }),
      'Events',
    ),
    ...adminErrors,
  },
});
