import { describe, expect, it } from 'vitest';
import { clubRef, drivers, marketRow, transfer } from './models';

describe('API normalisers', () => {
  it('reads drivers in the pipeline format and the original flat format, strongest first', () => {
    expect(drivers([{ feature: 'a', label: 'Contract ends soon', value: 6, contribution: 0.2 }, { feature: 'b', label: 'Older', value: 31, contribution: -0.5 }]))
      .toEqual([{ label: 'Older', value: -0.5 }, { label: 'Contract ends soon', value: 0.2 }]);
    expect(drivers({ market_value: 0.1, age: 0.3 })).toEqual([{ label: 'age', value: 0.3 }, { label: 'market_value', value: 0.1 }]);
    expect(drivers(null)).toEqual([]);
  });

  it('links clubs by slug when given, else by id; "any move" rows have no destination', () => {
    const row = marketRow({ player_id: 'p1', player_slug: 'bukayo-saka', player_name: 'Bukayo Saka', from_club_id: 'c1', from_club_slug: 'arsenal-fc', from_club_name: 'Arsenal FC', from_club_is_status: false, to_club_id: null, to_club_is_status: null, horizon_days: 90, probability: 0.2, market_value: null, contract_months_remaining: 7 });
    expect(row.player.key).toBe('bukayo-saka');
    expect(row.from).toEqual({ id: 'c1', key: 'arsenal-fc', name: 'Arsenal FC', country: null, isStatus: false });
    expect(row.to).toBeNull();
    expect(transfer({ id: 't', player_id: 'p1', player_name: 'X', to_club_id: 'c2', to_club_name: 'Y', fee_amount_eur: 5e6, transfer_date: '2024-07-01' }).to?.key).toBe('c2');
  });

  it('takes status pseudo-clubs from the API flag, labelled as a state; a name alone makes none', () => {
    const to = (name: string, isStatus: boolean) =>
      transfer({ id: 't', player_id: 'p1', player_name: 'X', to_club_id: 'c9', to_club_name: name, to_club_is_status: isStatus, transfer_date: '2024-07-01' }).to!;
    expect(to('Without Club', true)).toMatchObject({ name: 'Without club', isStatus: true });
    expect(to('Career break', true)).toMatchObject({ name: 'Career break', isStatus: true });
    expect(to('Retired', false)).toMatchObject({ name: 'Retired', isStatus: false });
    expect(to('Arsenal FC', false)).toMatchObject({ name: 'Arsenal FC', isStatus: false });
    const from = transfer({ id: 't', player_id: 'p1', from_club_id: 'c8', from_club_name: 'Retired', from_club_is_status: true, to_club_id: 'c1', to_club_name: 'Y', to_club_is_status: false }).from;
    expect(from).toMatchObject({ name: 'Retired', isStatus: true });
  });

  it('reads a nested club object (a player\'s current club) with its country and flag', () => {
    const club = { id: 'c1', slug: 'arsenal-fc', name: 'Arsenal FC', short_name: null, country: 'England', logo_url: null, is_status: false };
    expect(clubRef(club, '')).toEqual({ id: 'c1', key: 'arsenal-fc', name: 'Arsenal FC', country: 'England', isStatus: false });
  });
});
