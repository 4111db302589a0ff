import { describe, expect, it } from 'vitest';
import { ogCachePolicy } from './og-cache';

const maxAge = (h: string, name: 'max-age' | 's-maxage') => Number(new RegExp(`(?:^|[ ,])${name}=(\\d+)`).exec(h)?.[1]);

describe('share card cache policy', () => {
  it('never stores a card without a probability, and lets it expire within minutes', () => {
    for (const asOf of [null, '2024-06-30']) {
      const p = ogCachePolicy(asOf, false);
      expect(p.store).toBe(false);
      expect(maxAge(p.cacheControl, 's-maxage')).toBeLessThanOrEqual(300);
    }
  });

  it('keeps live cards ten minutes at most, past cards longer', () => {
    const live = ogCachePolicy(null, true);
    const past = ogCachePolicy('2024-06-30', true);
    expect(live.store && past.store).toBe(true);
    expect(maxAge(live.cacheControl, 's-maxage')).toBeLessThanOrEqual(600);
    expect(live.cacheControl).not.toMatch(/stale-while-revalidate|immutable/);
    expect(maxAge(past.cacheControl, 's-maxage')).toBeGreaterThan(maxAge(live.cacheControl, 's-maxage'));
  });
});
