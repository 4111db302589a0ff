import { describe, expect, it } from 'vitest';
import { competitionUuid } from '../../../db/ids';
import { LEAGUES, marketHref, parseMarketParams, sortRows } from './market-params';

describe('market URL state', () => {
  it('league ids are the database ids of the competitions', () => {
    for (const [code, , id] of LEAGUES) expect(id).toBe(competitionUuid(code));
  });

  it('parses defaults, and rejects values outside the allowed sets with the field named', () => {
    expect(parseMarketParams(new URLSearchParams('')).params).toMatchObject({ horizon: 90, min_prob: 0.05, sort: 'probability', page: 1 });
    expect(parseMarketParams(new URLSearchParams('horizon=45')).error).toMatch(/^horizon/);
    expect(parseMarketParams(new URLSearchParams('league=XX1')).error).toMatch(/^league/);
    expect(parseMarketParams(new URLSearchParams('min_prob=2')).error).toMatch(/^min_prob/);
    expect(parseMarketParams(new URLSearchParams('position=forward&club=arsenal-fc')).params).toMatchObject({ position: 'forward', club: 'arsenal-fc' });
  });

  it('drops a page number that only a cursor could honour (probability order)', () => {
    expect(parseMarketParams(new URLSearchParams('page=2')).params).toMatchObject({ page: 1 });
    expect(parseMarketParams(new URLSearchParams('page=2&cursor=abc')).params).toMatchObject({ page: 2, cursor: 'abc' });
    expect(parseMarketParams(new URLSearchParams('page=2&sort=market_value')).params).toMatchObject({ page: 2 });
  });

  it('builds short URLs that drop defaults and keep as_of', () => {
    expect(marketHref({ horizon: 90, min_prob: 0.05, sort: 'probability', dir: 'desc', page: 1 }, null)).toBe('/market');
    expect(marketHref({ horizon: 30, league: 'GB1', sort: 'market_value', dir: 'desc', page: 2 }, '2024-06-30')).toBe('/market?horizon=30&league=GB1&sort=market_value&page=2&as_of=2024-06-30');
  });
});

describe('sorting the most likely rows', () => {
  const row = (name: string, probability: number, marketValue: number | null, contractMonths: number | null) => ({ player: { name }, probability, marketValue, contractMonths });
  const rows = [row('B', 0.5, 10, null), row('A', 0.4, null, 6), row('C', 0.3, 30, 24)];
  it('orders by the chosen column with unknown values last, in both directions', () => {
    expect(sortRows(rows, 'market_value', 'desc').map((r) => r.player.name)).toEqual(['C', 'B', 'A']);
    expect(sortRows(rows, 'market_value', 'asc').map((r) => r.player.name)).toEqual(['B', 'C', 'A']);
    expect(sortRows(rows, 'contract', 'asc').map((r) => r.player.name)).toEqual(['A', 'C', 'B']);
    expect(sortRows(rows, 'player', 'asc').map((r) => r.player.name)).toEqual(['A', 'B', 'C']);
  });
});
