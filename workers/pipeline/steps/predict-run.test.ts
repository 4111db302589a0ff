import { describe, expect, it } from 'vitest';
import { DRIVERS_KEPT, driversKey, publishedDrivers, snapshotIdFor } from './predict-run';

const d = (feature: string, contribution: number, value: number | null = 1) => ({ feature, label: `${feature} label`, value, contribution });

describe('publishedDrivers', () => {
  it('keeps the largest absolute contributions, rounded to 4 decimals', () => {
    const all = [d('a', 0.1), d('b', -0.5), d('c', 0.30004), d('d', 0.01), d('e', 0.2), d('f', -0.05), d('g', 0.0001), d('h', 0.4)];
    const out = publishedDrivers(all);
    expect(out).toHaveLength(DRIVERS_KEPT);
    expect(out.map((x) => [x.feature, x.contribution])).toEqual([['b', -0.5], ['h', 0.4], ['c', 0.3], ['e', 0.2], ['a', 0.1], ['f', -0.05]]);
  });
});

describe('driversKey', () => {
  it('ignores the raw value (which drifts daily) but not labels or contributions', () => {
    expect(driversKey([d('age', 0.2, 25.1)])).toBe(driversKey([d('age', 0.2, 25.2)]));
    expect(driversKey([d('age', 0.2)])).not.toBe(driversKey([d('age', 0.3)]));
    expect(driversKey([{ ...d('age', 0.2), label: 'Age 26' }])).not.toBe(driversKey([{ ...d('age', 0.2), label: 'Age 25' }]));
    expect(driversKey(null)).toBe('[]');
  });
});

it('derives snapshot ids from player, destination, horizon and day', () => {
  expect(snapshotIdFor('p', null, 90, '2024-06-01')).toBe('p:any:h90:2024-06-01');
  expect(snapshotIdFor('p', 'c', 30, '2024-06-01')).toBe('p:c:h30:2024-06-01');
});
