// Shared handler for /og/{player|club}/{slug}.png: edge cache first (caches.default), then render and store.
import type { APIContext } from 'astro';
import { transportFor } from './api';
import { parseAsOf } from './as-of';
import { fallbackCard, pngResponse, renderPng } from './og';
import { ogCachePolicy } from './og-cache';
import type { SiteEnv } from './site-env';

type Tree = Parameters<typeof renderPng>[0];

/** A card, and whether it shows a probability (only those are stored: see og-cache.ts). */
export interface Card { tree: Tree; hasProbability: boolean }

export async function ogResponse(ctx: APIContext, build: (api: ReturnType<typeof transportFor>, key: string, asOf: string | null) => Promise<Card | null>): Promise<Response> {
  const { asOf, error } = parseAsOf(ctx.url.searchParams.get('as_of'), new Date());
  if (error) return Response.json({ error: { code: 'bad_request', message: error } }, { status: 400 });
  const key = ctx.params.slug ?? '';
  const cache = (globalThis as { caches?: { default?: Cache } }).caches?.default;
  const cacheKey = new Request(ctx.url.toString(), { method: 'GET' });
  const hit = await cache?.match(cacheKey);
  if (hit) return hit;

  const env = (ctx.locals.runtime?.env ?? {}) as SiteEnv;
  let built: Card | null;
  try {
    built = await build(transportFor(env, ctx.request), key, asOf);
  } catch (e) {
    // A card is an image in someone's timeline: show a generic card (not cached) rather than a broken image.
    console.error(e);
    return pngResponse(await renderPng(fallbackCard('Calibrated transfer probabilities')), 'no-store');
  }
  if (!built) return pngResponse(await renderPng(fallbackCard('Not found on TransferLens')), ogCachePolicy(asOf, false).cacheControl, 404);
  const policy = ogCachePolicy(asOf, built.hasProbability);
  const res = pngResponse(await renderPng(built.tree), policy.cacheControl);
  if (cache && policy.store) ctx.locals.runtime?.ctx?.waitUntil(cache.put(cacheKey, res.clone()));
  return res;
}
