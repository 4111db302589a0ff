/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. Decoding checks the shape
 * against the endpoint's schema, so a forged or stale cursor is a 422, never a 500.
 */
import { z } from 'zod';
import { ApiError } from '../../shared/errors';

export function encodeCursor(key: unknown[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, shape: T): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const b64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const parsed = shape.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not base64 or not JSON
  }
  throw new ApiError(422, 'validation_error', 'The cursor is invalid', [{ path: 'query.cursor', message: 'not a cursor from this endpoint' }]);
}

/** Splits a result fetched with limit + 1 rows into the page and the next cursor. */
export function paginate<R>(rows: R[], limit: number, keyOf: (row: R) => unknown[]): { items: R[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
