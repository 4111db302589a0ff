/**
 * Cache policy of share cards (also what og-route stores in caches.default). A card without a probability may have
 * been rendered before the pipeline's predictions existed, so it is never stored and expires within minutes. A live
 * card expires after ten minutes, so a pipeline run shows within that; a past (as_of) card keeps a day in browsers and
 * a week at the edge.
 */
export function ogCachePolicy(asOf: string | null, hasProbability: boolean): { cacheControl: string; store: boolean } {
  if (!hasProbability) return { cacheControl: 'public, max-age=300, s-maxage=300', store: false };
  if (asOf) return { cacheControl: 'public, max-age=86400, s-maxage=604800', store: true };
  return { cacheControl: 'public, max-age=600, s-maxage=600', store: true };
}
