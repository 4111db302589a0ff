/**
 * One error shape for every failure the API returns:
 *   { error: { code, message, request_id, details?: [{ path, message }] } }
 * Handlers throw ApiError; validation failures, database constraint violations and anything unexpected are turned
 * into the same shape by the app's error handler, so clients parse one format and never see a stack trace.
 */
import type { ZodError } from 'zod';

export interface ErrorDetail {
  path: string;
  message: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; request_id: string; details?: ErrorDetail[] };
}

export function errorBody(code: string, message: string, requestId: string, details?: ErrorDetail[]): ErrorBody {
  return { error: { code, message, request_id: requestId, ...(details?.length ? { details } : {}) } };
}

/** Field-level messages from a zod failure; `where` says which part of the request was invalid. */
type Issue = { code: string; path: PropertyKey[]; message: string; errors?: Issue[][] };

/**
 * A failed union (e.g. one event or a batch) says only "Invalid input". The option the input had the right shape
 * for is the one whose issues do not start with a type mismatch of the value itself; its issues are reported.
 */
function flatten(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || !issue.errors) return [issue];
  const fits = issue.errors.filter((opt) => !opt.some((i) => i.code === 'invalid_type' && i.path.length === 0));
  if (fits.length !== 1) return [issue];
  return fits[0]!.flatMap((i) => flatten({ ...i, path: [...issue.path, ...i.path] }));
}

export function zodDetails(error: ZodError, where: string): ErrorDetail[] {
  return (error.issues as Issue[]).flatMap(flatten).map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
}

/** The database error inside drizzle's wrapper (the object carrying a SQLSTATE code), if any. */
function pgError(e: unknown): { code: string; detail?: unknown } | undefined {
  for (let cur = e as { code?: unknown; cause?: unknown } | undefined, depth = 0; cur && depth < 4; depth++) {
    if (typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) return cur as { code: string; detail?: unknown };
    cur = cur.cause as typeof cur;
  }
  return undefined;
}

export const sqlState = (e: unknown) => pgError(e)?.code;

/**
 * Database errors a client's input can cause, as 4xx. Everything else stays a 500 whose text is never echoed
 * (the original leaked raw database messages).
 */
export function fromDatabaseError(e: unknown): ApiError | undefined {
  const pg = pgError(e);
  if (!pg) {
    // The Neon driver could not reach the database at all: an outage, not our bug and not the client's.
    const outer = e as { name?: string; message?: string; cause?: { name?: string; message?: string } } | undefined;
    const unreachable = [outer, outer?.cause].some((x) => x?.name === 'NeonDbError' && /^Error connecting to database/.test(x.message ?? ''));
    if (unreachable) {
      return new ApiError(503, 'database_unavailable', 'The database is unreachable; retry shortly', undefined, { 'Retry-After': '5' });
    }
    return undefined;
  }
  const code = pg.code;
  if (code === '23505') return new ApiError(409, 'conflict', 'A row with the same key already exists');
  if (code === '23503') {
    // PostgreSQL names the column: Key (to_club_id)=(...) is not present in table "clubs".
    const column = /Key \((\w+)\)=/.exec(String(pg.detail ?? ''))?.[1];
    return new ApiError(422, 'unknown_reference', 'A referenced id does not exist', column ? [{ path: `json.${column}`, message: 'unknown id' }] : undefined);
  }
  if (code === '23514' || code === '23502') return new ApiError(422, 'constraint_violation', 'The values break a data rule');
  if (code === '23P01' || code === '2BP01') return new ApiError(409, 'conflict', 'The change conflicts with existing data');
  // restrict_violation: our immutability triggers (append-only layers, supersede-once ledger).
  if (code === '23001') return new ApiError(409, 'immutable', 'That row cannot be changed');
  if (code.startsWith('22')) return new ApiError(422, 'invalid_value', 'A value is out of range or malformed');
  return undefined;
}
