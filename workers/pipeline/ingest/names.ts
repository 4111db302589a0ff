/** Search names and readable, unique, deterministic slugs for players, clubs and competitions. */

// Letters NFD does not decompose into a base letter plus a combining mark.
const SPECIAL: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };

/**
 * Lower-case, accent-free form used for trigram search: "Martin Ødegaard" -> "martin odegaard". Stored in
 * players/clubs.search_name; the API applies it to search queries, so both sides must use this one function.
 */
export function searchName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþıħ]/g, (c) => SPECIAL[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

export function slugify(name: string): string {
  return searchName(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface SlugCandidate {
  key: string;
  name: string;
  /** Higher wins the plain slug when several share a name (e.g. the more valuable player). */
  rank: number;
}

/**
 * Gives each candidate `slugify(name)`, or `slugify(name)-<key>` when another candidate with a higher rank (then
 * lower key) has the same base, or the base is already `taken` by another key in the database.
 */
export function assignSlugs(candidates: SlugCandidate[], taken: Map<string, string> = new Map()): Map<string, string> {
  const byBase = new Map<string, SlugCandidate[]>();
  for (const c of candidates) {
    const base = slugify(c.name) || 'unnamed';
    const group = byBase.get(base);
    if (group) group.push(c);
    else byBase.set(base, [c]);
  }
  const out = new Map<string, string>();
  for (const [base, group] of byBase) {
    group.sort((a, b) => b.rank - a.rank || compareKeys(a.key, b.key));
    const holder = taken.get(base);
    group.forEach((c, i) => {
      const plain = holder === undefined ? i === 0 : holder === c.key;
      out.set(c.key, plain ? base : `${base}-${c.key}`);
    });
  }
  return out;
}

const compareKeys = (a: string, b: string) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0);

const ACRONYMS = new Set(['uefa', 'fa', 'efl', 'dfb', 'dfl', 'fifa', 'knvb', 'sfa', 'wm']);
const SPECIAL_NAMES: Record<string, string> = { laliga: 'LaLiga' };

/** "uefa-champions-league" -> "UEFA Champions League" (Transfermarkt gives competition names as slugs). */
export function competitionDisplayName(slug: string): string {
  return slug
    .split('-')
    .map((w) => SPECIAL_NAMES[w] ?? (ACRONYMS.has(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}
