import { describe, expect, it } from 'vitest';
import { applyCalibration, fitPlatt, IDENTITY, monotone } from './calibration';
import { sigmoid } from './gbm';

describe('monotone (pool adjacent violators)', () => {
  it('leaves ordered values alone and pools violators to their mean', () => {
    const close = (got: number[], want: number[]) => want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 12));
    expect(monotone([0.1, 0.2, 0.3])).toEqual([0.1, 0.2, 0.3]);
    close(monotone([0.3, 0.2, 0.5]), [0.25, 0.25, 0.5]);
    close(monotone([0.5, 0.4, 0.3]), [0.4, 0.4, 0.4]);
    close(monotone([0.1, 0.4, 0.2]), [0.1, 0.3, 0.3]);
  });
});

describe('Platt scaling', () => {
  it('is the identity before fitting', () => {
    expect(applyCalibration(IDENTITY, 0.7)).toBeCloseTo(sigmoid(0.7), 15);
  });

  it('recovers the slope and intercept that generated the outcomes', () => {
    const z: number[] = [];
    const y: number[] = [];
    for (const zi of [-2, -1, 0, 1, 2]) {
      const positives = Math.round(10_000 * sigmoid(0.5 * zi - 1));
      for (let k = 0; k < 10_000; k++) {
        z.push(zi);
        y.push(k < positives ? 1 : 0);
      }
    }
    const c = fitPlatt(z, y, 0);
    expect(c.a).toBeCloseTo(0.5, 2);
    expect(c.b).toBeCloseTo(-1, 2);
  });
});
