import { describe, expect, it } from 'vitest';
import { outcomeKnown } from './censoring';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('outcomeKnown', () => {
  const end = day('2024-08-30');
  it('knows every outcome of a player followed to the end of the window', () => {
    expect(outcomeKnown(undefined, end, undefined)).toBe(true);
    expect(outcomeKnown(undefined, end, day('2024-08-30'))).toBe(true);
  });
  it('knows a move recorded before the source stopped, not a silence after it', () => {
    expect(outcomeKnown(day('2024-07-01'), end, day('2024-07-31'))).toBe(true);
    expect(outcomeKnown(undefined, end, day('2024-07-31'))).toBe(false);
  });
});
