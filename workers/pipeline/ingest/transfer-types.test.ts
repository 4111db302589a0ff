import { describe, expect, it } from 'vitest';
import { fullSeason, labelCareer, type Leg } from './transfer-types';

const STATUS = new Set([515, 123, 2113, 75, 2077]);
const isStatus = (id: number) => STATUS.has(id);
const leg = (date: string, from: number, to: number, fee: number | null, extra: Partial<Leg> = {}): Leg => ({
  date, fromClubId: from, toClubId: to, fee, fromName: null, toName: null, fromYouth: false, toYouth: false, ...extra,
});
const types = (legs: Leg[]) => labelCareer(legs, isStatus).map((l) => l.transferType);

describe('labelCareer', () => {
  it('labels a leg reversed by the next one within 800 days, fee-free, as a loan with its end date', () => {
    const labels = labelCareer([leg('2017-08-31', 162, 583, 0), leg('2018-06-30', 583, 162, 0), leg('2018-07-01', 162, 583, 180_000_000)], isStatus);
    expect(labels).toEqual([
      { transferType: 'loan', feeType: 'free', loanEndDate: '2018-06-30' },
      { transferType: 'loan_return', feeType: 'free', loanEndDate: null },
      { transferType: 'permanent', feeType: 'reported', loanEndDate: null },
    ]);
  });

  it('the same loan without its return leg (a dataset cut before it) is just a free transfer', () => {
    expect(types([leg('2017-08-31', 162, 583, 0)])).toEqual(['free_transfer']);
  });

  it('does not call it a loan when the return is paid, too late, or not the next leg', () => {
    expect(types([leg('2020-07-01', 1, 2, 0), leg('2021-07-01', 2, 1, 5_000_000)])).toEqual(['free_transfer', 'permanent']);
    expect(types([leg('2018-07-01', 1, 2, null), leg('2021-07-01', 2, 1, 0)])).toEqual(['permanent', 'free_transfer']);
    expect(types([leg('2020-07-01', 1, 2, 0), leg('2021-01-01', 2, 3, 0), leg('2021-07-01', 3, 1, 0)])).toEqual(['free_transfer', 'free_transfer', 'free_transfer']);
  });

  it('keeps a paid loan a loan (the fee is the loan fee)', () => {
    expect(labelCareer([leg('2023-09-01', 1, 2, 2_000_000), leg('2024-06-30', 2, 1, null)], isStatus)[0]).toEqual({
      transferType: 'loan', feeType: 'reported', loanEndDate: '2024-06-30',
    });
  });

  it('maps moves to and from status clubs, youth promotions and fees', () => {
    expect(types([leg('2020-07-01', 16, 515, null), leg('2021-01-10', 515, 27, null), leg('2024-07-01', 27, 123, null)])).toEqual([
      'release', 'free_agent_signing', 'retirement',
    ]);
    expect(types([leg('2019-07-01', 1, 2, null, { fromYouth: true, fromName: 'Birmingham U18', toName: 'Birmingham' })])).toEqual(['youth_promotion']);
    expect(types([leg('2019-07-01', 1, 2, null, { fromYouth: true, fromName: 'Man City Res.', toName: 'Burnley' })])).toEqual(['permanent']);
    expect(labelCareer([leg('2024-07-01', 583, 418, 0)], isStatus)[0]).toMatchObject({ transferType: 'free_transfer', feeType: 'free' });
    expect(labelCareer([leg('2024-07-01', 1, 2, null)], isStatus)[0]).toMatchObject({ transferType: 'permanent', feeType: 'unknown' });
  });
});

describe('fullSeason', () => {
  it('expands Transfermarkt seasons with the century of the transfer date', () => {
    expect(fullSeason('23/24', '2023-07-01')).toBe('2023/24');
    expect(fullSeason('99/00', '2000-01-15')).toBe('1999/00');
    expect(fullSeason('00/01', '2000-07-01')).toBe('2000/01');
    expect(fullSeason(null, '2000-07-01')).toBeNull();
  });
});
