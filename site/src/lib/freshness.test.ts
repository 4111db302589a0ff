import { describe, expect, it } from 'vitest';
import { freshnessNote } from './freshness';

describe('footer freshness note', () => {
  it('names the bundled dataset end only when the latest data stops there', () => {
    expect(freshnessNote('2024-12-12T00:00:00.000Z')).toMatch(/bundled dataset ends there/);
    expect(freshnessNote('2026-02-11')).toBe('.');
  });
});
