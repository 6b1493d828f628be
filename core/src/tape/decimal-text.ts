/**
 * Decimal text as venues print it. Precision is counted on the text, not the double, so a tape's
 * `pricePrecision` is what the venue printed; trailing zeros are padding, not precision
 * (Kraken prints `90.540000` for a 2-decimal market).
 */

/**
 * Significant decimal places of a plain decimal literal (`-12.3400` → 2, `1e-7` → 7, `1500` → 0),
 * or -1 when `text` is not one (empty, `NaN`, `0x10`, spaces, `1.2.3`).
 */
export function decimalPlaces(text: string): number {
  const n = text.length;
  let i = 0;
  let c = n > 0 ? text.charCodeAt(0) : 0;
  if (c === 43 || c === 45) i++; // + -
  let intDigits = 0;
  let intTrailingZeros = 0;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    intDigits++;
    intTrailingZeros = c === 48 ? intTrailingZeros + 1 : 0;
  }
  let fracDigits = 0;
  let significantFrac = 0; // fraction digits up to the last non-zero one
  if (i < n && text.charCodeAt(i) === 46) {
    for (i++; i < n; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      fracDigits++;
      if (c !== 48) significantFrac = fracDigits;
    }
  }
  if (intDigits + fracDigits === 0) return -1;
  let exp = 0;
  if (i < n && (text.charCodeAt(i) | 32) === 101) { // e E
    i++;
    let sign = 1;
    c = i < n ? text.charCodeAt(i) : 0;
    if (c === 43 || c === 45) {
      if (c === 45) sign = -1;
      i++;
    }
    let expDigits = 0;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      exp = exp * 10 + (c - 48);
      expDigits++;
    }
    if (expDigits === 0) return -1;
    exp *= sign;
  }
  if (i !== n) return -1;
  const places = significantFrac > 0 ? significantFrac - exp : intTrailingZeros === intDigits ? 0 : -intTrailingZeros - exp;
  return places > 0 ? places : 0;
}

/** The number a plain decimal literal denotes (nearest double), NaN for anything else (`Number('')` would be 0). */
export function parseDecimalText(text: string): number {
  return decimalPlaces(text) < 0 ? NaN : Number(text);
}

/**
 * Decimal text for a double that stands for a venue decimal (JSON numbers, Parquet DOUBLE columns).
 * Rounds to 15 significant digits first: venues print ≤ 15, and some tapes store doubles that are
 * not the nearest to the printed value (the shared BTC/USDT Parquet holds 0.00031099999999999997
 * for Binance's 0.000311).
 */
export function numberToDecimalText(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(15)));
}
