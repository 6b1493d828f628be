/** `x.toFixed(dp)` without a negative zero: "-0.000000" is printed "0.000000". Deterministic across platforms. */
export function fixed(x: number, dp: number): string {
  const s = x.toFixed(dp);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Digits grouped in threes with a thin space, independent of the machine's locale. */
export function grouped(s: string): string {
  const m = /^(-?)(\d+)(.*)$/.exec(s);
  if (m === null) return s;
  return `${m[1]}${(m[2] as string).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009')}${m[3]}`;
}

/** An integer count for display: 1 234 567. */
export const count = (n: number): string => grouped(String(Math.round(n)));

/** Exact decimal strings as the backtest produces them ("12.5", "-0.0001"); no exponents, no signs but '-'. */
export const DECIMAL = /^-?\d+(\.\d+)?$/;
