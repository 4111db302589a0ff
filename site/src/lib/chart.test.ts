import { describe, expect, it } from 'vitest';
import { niceTicks, plot } from './chart';

const box = { width: 110, height: 60, left: 10, right: 0, top: 0, bottom: 10 };

describe('chart maths', () => {
  it('nice ticks cover the maximum with round steps', () => {
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0)).toEqual([0]);
  });

  it('maps the first point to the left edge and the last to the right edge', () => {
    const p = plot([{ label: 'A', points: [{ t: 0, v: 0 }, { t: 10, v: 50 }] }], box, { yMax: 100 });
    expect(p.paths[0]!.d).toBe('M10,50L110,25');
    expect(p.paths[0]!.last).toEqual({ x: 110, y: 25, v: 50 });
  });

  it('draws step paths that hold each value until the next observation', () => {
    const p = plot([{ label: 'A', points: [{ t: 10, v: 100 }, { t: 0, v: 0 }] }], box, { yMax: 100, step: true });
    expect(p.paths[0]!.d).toBe('M10,50H110V0');
  });

  it('returns nothing to draw for empty series', () => {
    expect(plot([{ label: 'A', points: [] }], box).paths).toEqual([]);
  });
});
