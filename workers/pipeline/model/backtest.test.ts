import { describe, expect, it } from 'vitest';
import { day, seasonalWorld } from '../../../test/helpers/tiny-dataset';
import { knownOutcomeTable, reportMarkdown, runBacktest } from './backtest';
import type { TransferRow } from './types';

describe('runBacktest', () => {
  const ds = seasonalWorld(); // 400 players, data to 2024-06-01
  const asOf = new Date('2024-06-01T00:00:00Z');
  // After D: every third player moves on 1 July.
  const after = new Map<string, TransferRow[]>();
  for (let i = 0; i < 400; i += 3) {
    const id = `p${i}`;
    const from = ds.transfersByPlayer.get(id)!.at(-1)!.toClubId;
    after.set(id, [{ playerId: id, fromClubId: from, toClubId: from === 'C0' ? 'C1' : 'C0', type: 'permanent', date: day('2024-07-01'), fee: 1e6, marketValue: null }]);
  }
  // The source stopped following p0-p99 on 20 June (before their moves) and p100-p199 on 15 July.
  const followed = new Map<string, number>();
  for (let i = 0; i < 200; i++) followed.set(`p${i}`, day(i < 100 ? '2024-06-20' : '2024-07-15'));
  const report = runBacktest(ds, after, asOf, { horizons: [30, 90], followedUntil: followed });

  it('scores every player as the baseline does, and the known outcomes apart', () => {
    const h90 = report.horizons[90]!;
    expect(h90.population).toBe(400);
    expect(h90.movers).toBe(134);
    // Unknown at 90 days: all of p0-p99, and the 67 of p100-p199 with no move by 15 July (33 moved on 1 July).
    expect(h90.known!.censored).toBe(167);
    expect(h90.known!.model.n).toBe(233);
    expect(h90.known!.model.positives).toBe(134 - 34); // the 34 movers of p0-p99 moved after the source stopped
    // At 30 days the window ends on 1 July: p100-p199 are followed to its end, p0-p99 are not.
    expect(report.horizons[30]!.known!.censored).toBe(100);
  });

  it('reports the censored outcomes in the markdown, and leaves them out without the dates', () => {
    expect(reportMarkdown(report)).toContain('167 at 90 days');
    expect(knownOutcomeTable([report])).toMatch(/\| 2024-06-01 \| 90 \| 233 \| 0\.429 \| model \|/);
    const plain = runBacktest(ds, after, asOf, { horizons: [90] });
    expect(plain.horizons[90]!.known).toBeUndefined();
    expect(knownOutcomeTable([plain])).toBeNull();
  });
});
