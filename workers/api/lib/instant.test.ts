import { describe, expect, it } from 'vitest';
import { parseInstant } from './instant';

const iso = (s: string) => parseInstant(s)?.toISOString();

describe('parseInstant', () => {
  it('reads dates, date-times (naive = UTC), offsets and unix seconds', () => {
    expect(iso('2024-06-01')).toBe('2024-06-01T00:00:00.000Z');
    expect(iso('2024-06-01T10:30')).toBe('2024-06-01T10:30:00.000Z');
    expect(iso('2024-06-01T10:30:15.123456')).toBe('2024-06-01T10:30:15.123Z');
    expect(iso('2024-06-01T10:30:00Z')).toBe('2024-06-01T10:30:00.000Z');
    expect(iso('2024-06-01T10:30:00+02:00')).toBe('2024-06-01T08:30:00.000Z');
    expect(iso('2024-06-01T10:30:00-0130')).toBe('2024-06-01T12:00:00.000Z');
    // An unencoded "+" arrives as a space.
    expect(iso('2024-06-01T10:30:00 02:00')).toBe('2024-06-01T08:30:00.000Z');
    expect(iso('1717200000')).toBe('2024-06-01T00:00:00.000Z');
  });

  it('rejects impossible, out-of-range and malformed values', () => {
    for (const s of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-06-01T24:00', '2024-06-01T10:60', '99999999999', '1800-01-01', '2300-01-01',
      'yesterday', '', '2024-6-1', '2024-06-01T10:30:00+25', "2024-06-01'; drop table x"]) {
      expect(parseInstant(s), s).toBeUndefined();
    }
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
  });
});
