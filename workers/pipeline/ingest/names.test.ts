import { describe, expect, it } from 'vitest';
import { assignSlugs, competitionDisplayName, searchName, slugify } from './names';
import { mapPosition } from './positions';

describe('names', () => {
  it('search names are lower-case and accent-free, including letters NFD keeps', () => {
    expect(searchName('Martin Ødegaard')).toBe('martin odegaard');
    expect(searchName('  Kylian  Mbappé ')).toBe('kylian mbappe');
    expect(searchName('Łukasz Piszczek')).toBe('lukasz piszczek');
    expect(searchName('İlkay Gündoğan')).toBe('ilkay gundogan');
    expect(slugify("N'Golo Kanté")).toBe('n-golo-kante');
  });

  it('slugs: plain for the top-ranked holder of a name, the id suffix otherwise, whatever the input order', () => {
    const a = [
      { key: '12', name: 'Paulinho', rank: 1_000_000 },
      { key: '7', name: 'Paulinho', rank: 30_000_000 },
      { key: '581678', name: 'Jude Bellingham', rank: 180_000_000 },
    ];
    const expected = new Map([['7', 'paulinho'], ['12', 'paulinho-12'], ['581678', 'jude-bellingham']]);
    expect(assignSlugs(a)).toEqual(expected);
    expect(assignSlugs([...a].reverse())).toEqual(expected);
  });

  it('slugs already taken in the database keep their holder', () => {
    const taken = new Map([['paulinho', '12']]);
    const slugs = assignSlugs([{ key: '12', name: 'Paulinho', rank: 1 }, { key: '7', name: 'Paulinho', rank: 99 }], taken);
    expect(slugs).toEqual(new Map([['12', 'paulinho'], ['7', 'paulinho-7']]));
    expect(assignSlugs([{ key: '9', name: 'Paulinho', rank: 99 }], taken)).toEqual(new Map([['9', 'paulinho-9']]));
  });

  it('competition names are readable', () => {
    expect(competitionDisplayName('uefa-champions-league')).toBe('UEFA Champions League');
    expect(competitionDisplayName('laliga')).toBe('LaLiga');
    expect(competitionDisplayName('premier-league')).toBe('Premier League');
  });
});

describe('mapPosition', () => {
  it('uses the sub-position when known, the broad position otherwise', () => {
    expect(mapPosition('Midfield', 'Attacking Midfield')).toEqual({ code: 'AM', group: 'midfielder' });
    expect(mapPosition('Attack', 'Centre-Forward')).toEqual({ code: 'ST', group: 'forward' });
    expect(mapPosition('Defender', 'Left-Back')).toEqual({ code: 'LB', group: 'defender' });
    expect(mapPosition('Goalkeeper', 'Goalkeeper')).toEqual({ code: 'GK', group: 'goalkeeper' });
    expect(mapPosition('Defender', null)).toEqual({ code: 'DF', group: 'defender' });
    expect(mapPosition('Missing', null)).toEqual({ code: null, group: null });
  });
});
