/**
 * The lower-case, accent-free form of a name used for trigram search ("Martin Ødegaard" -> "martin odegaard").
 * Stored in players/clubs.search_name by the ingest and applied to search queries by the API: both sides must use
 * these same rules, so import this function rather than re-implementing it.
 */

// Letters NFD does not decompose into a base letter plus a combining mark.
const SPECIAL: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };

export function searchName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþıħ]/g, (c) => SPECIAL[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}
