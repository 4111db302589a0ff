/**
 * Parsing of instants given by clients (as_of and friends): an ISO 8601 date (midnight UTC), an ISO 8601
 * date-time with or without offset (naive means UTC), or unix seconds. A `+` offset that arrived as a space
 * (unencoded in the URL) is read as `+`. Impossible calendar dates are rejected rather than rolled over.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+ -]\d{2}(?::?\d{2})?)?)?$/i;

export function parseInstant(input: string): Date | undefined {
  const s = input.trim();
  if (/^\d{1,11}$/.test(s)) return checked(new Date(Number(s) * 1000));
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', tz] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return undefined;
  const calendar = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (calendar.getUTCDate() !== Number(d)) return undefined;
  let offset = 'Z';
  if (tz && tz.toUpperCase() !== 'Z') {
    const sign = tz[0] === '-' ? '-' : '+';
    const digits = tz.slice(1).replace(':', '');
    offset = `${sign}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
  }
  return checked(new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}${frac.slice(0, 4)}${offset}`));
}

function checked(d: Date): Date | undefined {
  const t = d.getTime();
  // Years 1900..2200: wide enough for football history, narrow enough to keep SQL date arithmetic sane.
  return Number.isFinite(t) && t >= Date.UTC(1900, 0, 1) && t < Date.UTC(2200, 0, 1) ? d : undefined;
}
