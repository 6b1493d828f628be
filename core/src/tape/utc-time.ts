/**
 * Timestamps as tapes print them, to UTC epoch milliseconds. Sub-millisecond digits are truncated
 * (not rounded) so a tape sorted by microseconds stays sorted by milliseconds.
 */

// 2013-01-01 22:00:00.295000+00:00 (pandas), 2013-01-01T22:00:00Z (ISO), 20130101 22:00:00.295 (TrueFX raw).
const dateTimePattern =
  /^(\d{4})-?(\d{2})-?(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch ms of a date-time text; no zone means UTC. NaN when the text is not one. */
export function parseUtcDateTime(text: string): number {
  const m = dateTimePattern.exec(text);
  if (m === null) return NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let t = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2, 4)) : 0);
    t -= sign * offsetMin * 60_000;
  }
  return t;
}

/**
 * An integer epoch of unknown unit to ms, by magnitude. Binance spot files switched from ms to µs on
 * 2025-01-01 (data.binance.vision changelog); 1e14 ms is year 5138 and 1e14 µs is 1973, so the cut
 * is unambiguous for any real tape. Nanoseconds (> 1e17) are handled the same way for other dumps.
 */
export function epochToMs(epoch: number): number {
  if (epoch > 1e17) return Math.floor(epoch / 1e6);
  if (epoch > 1e14) return Math.floor(epoch / 1e3);
  return epoch;
}

/** `1672531436` or `1672531436.1234` (seconds, Kraken) → 1672531436123; NaN when not such a number. */
export function epochSecondsTextToMs(text: string): number {
  const dot = text.indexOf('.');
  const whole = dot < 0 ? text : text.slice(0, dot);
  const frac = dot < 0 ? '' : text.slice(dot + 1);
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(frac)) return NaN;
  return Number(whole) * 1000 + Number(frac.slice(0, 3).padEnd(3, '0'));
}

/**
 * An integer epoch text (`1570752011620`, `1704067200000123`) to ms by magnitude; NaN when not an
 * integer. A `.0` tail is allowed: pandas writes integer columns with a NaN in them as floats.
 */
export function epochTextToMs(text: string): number {
  if (!/^\d+(?:\.0*)?$/.test(text)) return NaN;
  return epochToMs(Number(text));
}
