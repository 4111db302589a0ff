import { describe, expect, it } from 'vitest';
import { parseAsOf, withAsOf } from './as-of';
import {
  ageFrom, contractTier, formatCurrency, formatDate, formatPoints, formatProbability, formatProbabilityShort, formatRelative, initials,
  monthsBetween, positionGroup, probabilityTier, truncate,
} from './format';

describe('formatting rules (original-web §2.6)', () => {
  it('currency', () => {
    expect(formatCurrency(null)).toBe('-');
    expect(formatCurrency(180_000_000)).toBe('€180.0M');
    expect(formatCurrency(1_250_000)).toBe('€1.3M');
    expect(formatCurrency(750_000)).toBe('€750K');
    expect(formatCurrency(999)).toBe('€999');
  });
  it('probability and points', () => {
    expect(formatProbability(0.453)).toBe('45.3%');
    expect(formatProbability(undefined)).toBe('-');
    expect(formatProbabilityShort(0.114)).toBe('11%');
    expect(formatProbabilityShort(0.014)).toBe('1.4%');
    expect(formatPoints(0.05)).toBe('+5.0 pp');
    expect(formatPoints(-0.021)).toBe('−2.1 pp');
  });
  it('dates are calendar dates in UTC', () => {
    expect(formatDate('2025-01-15')).toBe('15 Jan 2025');
    expect(formatDate('2024-12-12T23:30:00Z')).toBe('12 Dec 2024');
    expect(formatDate(null)).toBe('-');
    expect(formatDate('nonsense')).toBe('-');
  });
  it('relative time', () => {
    const now = new Date('2025-01-10T12:00:00Z');
    expect(formatRelative('2025-01-10T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2025-01-10T11:15:00Z', now)).toBe('45m ago');
    expect(formatRelative('2025-01-10T02:00:00Z', now)).toBe('10h ago');
    expect(formatRelative('2025-01-07T12:00:00Z', now)).toBe('3d ago');
    expect(formatRelative('2024-12-01T12:00:00Z', now)).toBe('1 Dec 2024');
  });
  it('truncate and initials', () => {
    expect(truncate('Kylian Mbappé', 6)).toBe('Kylia…');
    expect(truncate('Short', 6)).toBe('Short');
    expect(initials('Erling Haaland')).toBe('EH');
    expect(initials('Vinícius Júnior')).toBe('VJ');
  });
  it('tiers', () => {
    expect([0.7, 0.4, 0.2, 0.19].map(probabilityTier)).toEqual(['hot', 'high', 'mid', 'low']);
    expect([12, 24, 25].map(contractTier)).toEqual(['urgent', 'soon', 'normal']);
    expect(['ST', 'CM', 'RB', 'GK', 'Attack', 'Goalkeeper', null].map(positionGroup)).toEqual(['att', 'mid', 'def', 'gk', 'att', 'gk', 'other']);
  });
  it('age and contract months count whole units', () => {
    const on = new Date('2024-12-12T00:00:00Z');
    expect(ageFrom('2000-12-12', on)).toBe(24);
    expect(ageFrom('2000-12-13', on)).toBe(23);
    expect(monthsBetween(on, '2025-06-30')).toBe(6);
    expect(monthsBetween(on, '2024-01-01')).toBe(0);
  });
});

describe('as_of', () => {
  const today = new Date('2026-11-26T00:00:00Z');
  it('accepts real past dates and rejects bad ones with a reason', () => {
    expect(parseAsOf('2024-06-30', today)).toEqual({ asOf: '2024-06-30', error: null });
    expect(parseAsOf(null, today)).toEqual({ asOf: null, error: null });
    expect(parseAsOf('2024-02-30', today).error).toMatch(/not a real calendar date/);
    expect(parseAsOf('yesterday', today).error).toMatch(/must be a date/);
    expect(parseAsOf('2027-01-01', today).error).toMatch(/future/);
  });
  it('carries as_of on links and keeps other parameters', () => {
    expect(withAsOf('/market?horizon=30', '2024-06-30')).toBe('/market?horizon=30&as_of=2024-06-30');
    expect(withAsOf('/p/x', null)).toBe('/p/x');
  });
});
