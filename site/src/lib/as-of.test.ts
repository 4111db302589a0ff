import { describe, expect, it } from 'vitest';
import { parseAsOf, withAsOf } from './as-of';

const today = new Date('2026-11-26T04:00:00Z');

describe('as_of parsing', () => {
  it('accepts a real date in the API range and treats empty as latest', () => {
    expect(parseAsOf('2024-06-30', today)).toEqual({ asOf: '2024-06-30', error: null });
    expect(parseAsOf('1900-01-01', today).asOf).toBe('1900-01-01');
    expect(parseAsOf('', today)).toEqual({ asOf: null, error: null });
    expect(parseAsOf(null, today)).toEqual({ asOf: null, error: null });
  });

  it('rejects what the API would reject: malformed, impossible, before 1900, and future dates', () => {
    expect(parseAsOf('30/06/2024', today).error).toMatch(/date like/);
    expect(parseAsOf('2024-02-30', today).error).toMatch(/not a real calendar date/);
    expect(parseAsOf('1800-01-01', today).error).toMatch(/before 1900-01-01/);
    expect(parseAsOf('1899-12-31', today).error).toMatch(/before 1900-01-01/);
    expect(parseAsOf('2026-11-27', today).error).toMatch(/in the future/);
  });

  it('carries as_of through links, keeping other parameters', () => {
    expect(withAsOf('/accuracy', '2024-06-30')).toBe('/accuracy?as_of=2024-06-30');
    expect(withAsOf('/market?horizon=30', '2024-06-30')).toBe('/market?horizon=30&as_of=2024-06-30');
    expect(withAsOf('/accuracy', null)).toBe('/accuracy');
  });
});
