// Independent page sections load in parallel; one failing shows its own error instead of failing the page.
import { ApiError } from './api';

export type Section<T> = { ok: true; value: T } | { ok: false; message: string };

export async function section<T>(p: Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    if (!(e instanceof ApiError)) console.error(e);
    return { ok: false, message: e instanceof ApiError ? e.message : `Unexpected error: ${(e as Error).message}` };
  }
}
