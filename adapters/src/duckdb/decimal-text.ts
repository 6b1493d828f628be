/**
 * Money and quantities are stored as DECIMAL(38,18): exact (no binary rounding), summable in SQL for
 * ad-hoc analysis, and wide enough for every venue — 18 decimal places is the finest precision an
 * asset uses (ERC-20), leaving 20 integer digits. VARCHAR would also be exact but useless to SQL.
 */
export const DECIMAL_SCALE = 18;
export const DECIMAL_SQL = `DECIMAL(38,${DECIMAL_SCALE})`;

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** Checks that `s` is a plain decimal string DECIMAL(38,18) holds exactly; returns it. */
export function exactDecimal(s: string, what: string): string {
  if (!PLAIN_DECIMAL.test(s)) throw new Error(`${what}: "${s}" is not a plain decimal string`);
  const dot = s.indexOf('.');
  const decimals = dot < 0 ? 0 : s.length - dot - 1;
  const integerDigits = (dot < 0 ? s : s.slice(0, dot)).replace(/^-?0*/, '').length;
  if (decimals > DECIMAL_SCALE) throw new Error(`${what}: "${s}" has more than ${DECIMAL_SCALE} decimal places`);
  if (integerDigits > 38 - DECIMAL_SCALE) throw new Error(`${what}: "${s}" has more than ${38 - DECIMAL_SCALE} integer digits`);
  return s;
}

/** `87012.340000000000000000` → `87012.34`, `-0.000` → `0`: the shortest string of the same value. */
export function trimDecimal(s: string): string {
  let out = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  if (/^-0$/.test(out)) out = '0';
  return out;
}

/** SQL that turns a DOUBLE holding a venue decimal into its exact DECIMAL at `decimals` places. */
export function roundedDecimalSql(expr: string, decimals: number): string {
  // DuckDB casts a DOUBLE to DECIMAL(38,p) by rounding to the nearest p-place value, which is the
  // decimal the venue printed (tested in store.test.ts). Casting straight to scale 18 would keep the
  // double's binary error (87012.34 → 87012.339999999988334592).
  return `CAST(CAST(${expr} AS DECIMAL(38,${decimals})) AS ${DECIMAL_SQL})`;
}

/** A market precision the store can round to. */
export function checkPrecision(decimals: number, what: string): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > DECIMAL_SCALE) {
    throw new Error(`${what} must be an integer 0…${DECIMAL_SCALE} decimal places, got ${decimals}`);
  }
  return decimals;
}
