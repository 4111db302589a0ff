/**
 * Deterministic UUIDs for rows keyed by an external id, so foreign keys can be computed without a lookup and a
 * re-run (or another machine) produces the same ids. RFC 4122 version 5 layout: sha1 over a fixed namespace plus
 * a name such as `player:581678`.
 */
import { createHash } from 'node:crypto';

/** Namespace of every TransferLens name-based id (a fixed random UUID; never change it). */
const NAMESPACE = Buffer.from('6f1d2c8e4b7a4e0f9a3c5d2e8b1f0a47', 'hex');

export function stableUuid(name: string): string {
  const h = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** Ids of rows that come from Transfermarkt, keyed by their Transfermarkt id. */
export const playerUuid = (transfermarktId: string | number) => stableUuid(`player:${transfermarktId}`);
export const clubUuid = (transfermarktId: string | number) => stableUuid(`club:${transfermarktId}`);
export const competitionUuid = (transfermarktCode: string) => stableUuid(`competition:${transfermarktCode}`);
export const seasonUuid = (transfermarktCode: string, season: string) => stableUuid(`season:${transfermarktCode}:${season}`);
