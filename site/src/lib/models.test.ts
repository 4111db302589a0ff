import { describe, expect, it } from 'vitest';
import { drivers, marketRow, statusClubLabel, transfer } from './models';

describe('API normalisers', () => {
  it('reads drivers in the pipeline format and the original flat format, strongest first', () => {
    expect(drivers([{ feature: 'a', label: 'Contract ends soon', value: 6, contribution: 0.2 }, { feature: 'b', label: 'Older', value: 31, contribution: -0.5 }]))
      .toEqual([{ label: 'Older', value: -0.5 }, { label: 'Contract ends soon', value: 0.2 }]);
    expect(drivers({ market_value: 0.1, age: 0.3 })).toEqual([{ label: 'age', value: 0.3 }, { label: 'market_value', value: 0.1 }]);
    expect(drivers(null)).toEqual([]);
  });

  it('links clubs by slug when given, else by id; "any move" rows have no destination', () => {
    const row = marketRow({ player_id: 'p1', player_slug: 'bukayo-saka', player_name: 'Bukayo Saka', from_club_id: 'c1', from_club_slug: 'arsenal-fc', from_club_name: 'Arsenal FC', to_club_id: null, horizon_days: 90, probability: 0.2, market_value: null, contract_months_remaining: 7 });
    expect(row.player.key).toBe('bukayo-saka');
    expect(row.from).toEqual({ id: 'c1', key: 'arsenal-fc', name: 'Arsenal FC', country: null });
    expect(row.to).toBeNull();
    expect(transfer({ id: 't', player_id: 'p1', player_name: 'X', to_club_id: 'c2', to_club_name: 'Y', fee_amount_eur: 5e6, transfer_date: '2024-07-01' }).to?.key).toBe('c2');
  });

  it('knows status pseudo-clubs (no club page) by name, and nothing else', () => {
    const to = (name: string) => transfer({ id: 't', player_id: 'p1', player_name: 'X', to_club_id: 'c9', to_club_name: name, transfer_date: '2024-07-01' }).to!;
    expect(statusClubLabel(to('Without Club'))).toBe('Without club');
    expect(statusClubLabel(to('Retired'))).toBe('Retired');
    expect(statusClubLabel(to('Career break'))).toBe('Career break');
    expect(statusClubLabel(to('Arsenal FC'))).toBeNull();
    expect(statusClubLabel(to('Unknown FC'))).toBeNull();
  });
});
