/**
 * Ledger labels for Transfermarkt transfer rows, derived from the raw columns of the rows present (never from the
 * dataset's own `move_type`, which guesses loans from return legs that a dataset cut at an earlier date no longer
 * contains). A loan is a leg whose next leg for the same player reverses it within 800 days with no fee on the
 * return; the return leg is then a loan return and its date the loan's end date.
 */
import { searchName } from './names';

export type TransferType =
  | 'permanent'
  | 'free_transfer'
  | 'loan'
  | 'loan_return'
  | 'youth_promotion'
  | 'free_agent_signing'
  | 'release'
  | 'retirement';
export type FeeType = 'reported' | 'free' | 'unknown';

/** Transfermarkt status ids used as ledger endpoints: Without Club, Retired, Career break, Unknown, Ban. */
export const STATUS_CLUB_IDS = [515, 123, 2113, 75, 2077] as const;
export const RETIRED_CLUB_ID = 123;
export const LOAN_MAX_DAYS = 800;

export interface Leg {
  date: string;
  fromClubId: number;
  toClubId: number;
  fee: number | null;
  fromName: string | null;
  toName: string | null;
  fromYouth: boolean;
  toYouth: boolean;
}

export interface Label {
  transferType: TransferType;
  feeType: FeeType;
  loanEndDate: string | null;
}

const DAY = 86_400_000;
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY;
const noFee = (fee: number | null) => fee === null || fee === 0;

// Words that mark a youth or reserve side, or are too generic to identify a club.
const NOISE = /^(u\d+|yth|youth|ii|iii|res|reserves?|jong|academy|akademia|akademiya|juniors?|jugend|primavera|castilla|atletic|b|c|2|3|fc|sc|ac|cf|cd|ud|sv|vfl|vfb|fk|nk|sk|afc|real|sporting|club|city|united|athletic)$/;
function nameTokens(name: string | null): Set<string> {
  return new Set(
    searchName(name ?? '')
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 4 && !NOISE.test(w)),
  );
}
/** A youth or reserve side moving a player up to its own first team, judged by a shared distinctive name word. */
function sameParentClub(fromName: string | null, toName: string | null) {
  const to = nameTokens(toName);
  for (const w of nameTokens(fromName)) if (to.has(w)) return true;
  return false;
}

function feeType(fee: number | null): FeeType {
  return fee === null ? 'unknown' : fee === 0 ? 'free' : 'reported';
}

/** Labels one player's legs, given in career order. */
export function labelCareer(legs: Leg[], isStatusClub: (clubId: number) => boolean): Label[] {
  const labels: (Label | undefined)[] = new Array(legs.length);
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i]!;
    if (labels[i]) continue; // already the return leg of a loan
    const next = legs[i + 1];
    const reversed =
      next !== undefined &&
      next.fromClubId === leg.toClubId &&
      next.toClubId === leg.fromClubId &&
      !isStatusClub(leg.fromClubId) &&
      !isStatusClub(leg.toClubId) &&
      days(leg.date, next.date) >= 0 &&
      days(leg.date, next.date) <= LOAN_MAX_DAYS &&
      noFee(next.fee);
    if (reversed) {
      labels[i] = { transferType: 'loan', feeType: feeType(leg.fee), loanEndDate: next.date };
      labels[i + 1] = { transferType: 'loan_return', feeType: feeType(next.fee), loanEndDate: null };
      continue;
    }
    labels[i] = { transferType: nonLoanType(leg, isStatusClub), feeType: feeType(leg.fee), loanEndDate: null };
  }
  return labels as Label[];
}

function nonLoanType(leg: Leg, isStatusClub: (clubId: number) => boolean): TransferType {
  if (isStatusClub(leg.toClubId)) return leg.toClubId === RETIRED_CLUB_ID ? 'retirement' : 'release';
  if (isStatusClub(leg.fromClubId)) return 'free_agent_signing';
  if (leg.fromYouth && noFee(leg.fee) && sameParentClub(leg.fromName, leg.toName)) return 'youth_promotion';
  if (leg.fee === 0) return 'free_transfer';
  return 'permanent';
}

/** Transfermarkt's "23/24" as "2023/24", taking the century from the transfer date. */
export function fullSeason(short: string | null, date: string): string | null {
  if (!short) return null;
  const [a, b] = short.split('/');
  const year = Number(date.slice(0, 4));
  let start = Math.floor(year / 100) * 100 + Number(a);
  if (start > year + 1) start -= 100;
  else if (start < year - 2) start += 100;
  return `${start}/${b}`;
}
