/**
 * Zod schemas shared by the routes: parameters (ids, as_of, paging, horizons) and common response parts. The same
 * schemas validate requests and generate the OpenAPI document.
 */
import { z } from '@hono/zod-openapi';
import { HORIZONS } from '../../../db/schema/enums';
import { parseInstant } from './instant';

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const Uuid = z
  .string()
  .regex(UUID_RE, 'must be a UUID')
  .transform((s) => s.toLowerCase())
  .openapi({ format: 'uuid', example: '3f2a9c1d-0b7e-4a8e-9d5c-2b1e6f7a8c90' });

/** A player or club path segment: the UUID or the slug. */
export const IdOrSlug = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._~-]*$/, 'must be a UUID or a slug')
  .openapi({ example: 'erling-haaland' });

export const Instant = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const d = parseInstant(s);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date or date-time (UTC when no offset), or unix seconds' });
      return z.NEVER;
    }
    return d;
  })
  .openapi({ type: 'string', example: '2024-06-01' });

// A read as of a future instant would show ages and contracts that nobody knows yet; one day of slack covers clocks
// and time zones.
const AS_OF_SLACK_MS = 86_400_000;

export const AsOfQuery = z.object({
  as_of: Instant.refine((d) => d.getTime() <= Date.now() + AS_OF_SLACK_MS, 'must not be more than one day in the future')
    .optional()
    .openapi({
      description:
        "Time travel: answer with only what was known and in force at this instant (at most one day ahead of now). Defaults to min(now, the data's last date).",
    }),
});

export const limit = (def: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(def).openapi({ type: 'integer', minimum: 1, maximum: max, default: def });

export const Cursor = z.string().min(1).max(512).optional().openapi({ description: 'Opaque cursor from a previous page (next_cursor).' });

export const Horizon = z
  .enum(HORIZONS.map(String) as ['30', '90', '180'])
  .transform(Number)
  .openapi({ type: 'integer', enum: [...HORIZONS], description: 'Prediction horizon in days.' });

export const Probability = z.coerce.number().min(0).max(1).openapi({ type: 'number', minimum: 0, maximum: 1 });

export const WindowDays = (def: number) => z.coerce.number().int().min(1).max(365).default(def).openapi({ type: 'integer', default: def });

/** Fields every read response carries: the instant it answers for, and how fresh the data behind it is. */
export const FreshnessFields = {
  as_of: z.string().openapi({ description: 'The instant T the response answers for (ISO 8601 UTC).' }),
  data_as_of: z.string().nullable().openapi({ description: 'Latest data date visible at T; older than as_of when the data lags the clock.' }),
};

export const Page = { next_cursor: z.string().nullable() };

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_error' }),
      message: z.string(),
      request_id: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

const err = (description: string) => ({ content: { 'application/json': { schema: ErrorSchema } }, description });

export const errors = {
  422: err('Invalid parameters or body; details list each field'),
  404: err('Not found'),
  429: err('Rate limited; see Retry-After'),
  401: err('Missing credentials'),
  403: err('Wrong credentials'),
  409: err('Conflict with existing data'),
  503: err('Unavailable'),
};

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const STATUS_CLUB =
  'True when the club is a Transfermarkt status pseudo-club ("Without Club", "Retired", "Career break", "Unknown", "Ban"; ' +
  'clubs.is_status_pseudo): a state, not a club. It has no club page (/clubs/{id} answers 404); show it as plain text.';

/** The status pseudo-club flag of a club reference that is always present. */
const IsStatusClub = z.boolean().openapi({ description: STATUS_CLUB });

/** The status pseudo-club flag of a club reference that may be absent (null with the club's id). */
export const IsStatusClubOrNull = z.boolean().nullable().openapi({ description: `${STATUS_CLUB} Null when there is no club.` });

export const ClubBrief = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    short_name: z.string().nullable(),
    country: z.string().nullable(),
    logo_url: z.string().nullable(),
    is_status: z.boolean().openapi({
      description: `${STATUS_CLUB} A player's current_club is never one: a status pseudo-club at T makes current_club null, so this is false there.`,
    }),
  })
  .openapi('ClubBrief');

export const CompetitionBrief = z
  .object({ id: z.string(), name: z.string(), short_name: z.string().nullable(), country: z.string() })
  .openapi('CompetitionBrief');

export const TransferBrief = z
  .object({
    id: z.string(),
    event_id: z.string(),
    player_id: z.string(),
    player_name: z.string(),
    player_slug: z.string(),
    from_club_id: z.string().nullable(),
    from_club_name: z.string().nullable(),
    from_club_is_status: IsStatusClubOrNull,
    to_club_id: z.string(),
    to_club_name: z.string(),
    to_club_is_status: IsStatusClub,
    transfer_type: z.string(),
    transfer_date: z.string(),
    fee_amount_eur: z.number().nullable(),
    fee_type: z.string(),
    market_value_eur: z.number().nullable(),
  })
  .openapi('TransferBrief');

export const PredictionBrief = z
  .object({
    id: z.string(),
    snapshot_id: z.string(),
    to_club_id: z.string().nullable().openapi({ description: 'null means any move away' }),
    to_club_name: z.string().nullable(),
    to_club_slug: z.string().nullable(),
    to_club_is_status: IsStatusClubOrNull,
    horizon_days: z.number(),
    probability: z.number(),
    drivers_json: z.unknown().openapi({ description: "Driver contributions as the model wrote them" }),
    model_version: z.string(),
    as_of: z.string(),
    window_end: z.string(),
  })
  .openapi('PredictionBrief');

export const ProbabilityRowSchema = z
  .object({
    snapshot_id: z.string(),
    player_id: z.string(),
    player_name: z.string(),
    player_slug: z.string(),
    player_position: z.string().nullable(),
    player_nationality: z.string().nullable(),
    player_photo_url: z.string().nullable(),
    player_age: z.number().nullable(),
    from_club_id: z.string().nullable(),
    from_club_name: z.string().nullable(),
    from_club_slug: z.string().nullable(),
    from_club_logo_url: z.string().nullable(),
    from_club_is_status: IsStatusClubOrNull,
    to_club_id: z.string().nullable().openapi({ description: 'null means any move away' }),
    to_club_name: z.string().nullable(),
    to_club_slug: z.string().nullable(),
    to_club_logo_url: z.string().nullable(),
    to_club_is_status: IsStatusClubOrNull,
    horizon_days: z.number(),
    probability: z.number(),
    drivers_json: z.unknown(),
    model_version: z.string(),
    market_value: z.number().nullable().openapi({ description: 'Latest market value in force at T (EUR)' }),
    contract_months_remaining: z.number().nullable().openapi({ description: 'Whole months of contract left at T, when known at T' }),
    as_of: z.string(),
    window_end: z.string(),
  })
  .openapi('ProbabilityRow');

/** A calendar date, YYYY-MM-DD (impossible dates such as 2024-02-30 are rejected). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => parseInstant(s) !== undefined, 'not a calendar date between 1900 and 2199')
  .openapi({ format: 'date', example: '2024-07-01' });
