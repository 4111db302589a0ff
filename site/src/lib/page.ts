// Per-request context every page needs: env, API transport, time-travel date and the public site URL.
import type { AstroGlobal } from 'astro';
import { ApiError, transportFor, type ApiTransport } from './api';
import { parseAsOf } from './as-of';
import type { SiteEnv } from './site-env';

export interface PageContext {
  env: SiteEnv;
  api: ApiTransport;
  asOf: string | null;
  siteUrl: string;
  url: URL;
}

export function pageContext(Astro: AstroGlobal): PageContext {
  const env = (Astro.locals.runtime?.env ?? {}) as SiteEnv;
  const parsed = parseAsOf(Astro.url.searchParams.get('as_of'), new Date());
  if (parsed.error) throw new ApiError(400, 'Reading the date in the address', parsed.error);
  return {
    env,
    api: transportFor(env, Astro.request),
    asOf: parsed.asOf,
    siteUrl: env.PUBLIC_SITE_URL ?? Astro.url.origin,
    url: Astro.url,
  };
}

/** Edge cache policy: past views never change; live pages are fresh for a minute (the pipeline runs daily). */
export function cacheControl(asOf: string | null, liveSeconds = 60): string {
  return asOf
    ? 'public, max-age=3600, s-maxage=86400, stale-while-revalidate=604800'
    : `public, max-age=0, s-maxage=${liveSeconds}, stale-while-revalidate=600`;
}
