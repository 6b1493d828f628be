/** Days in a year for annualising: crypto trades around the clock, and the period is calendar time. */
export const YEAR_MS = 365 * 86_400_000;

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return s / xs.length;
}

/**
 * Sharpe ratio of a return series, risk-free rate 0, not annualised: mean / sample standard
 * deviation (n − 1 denominator, two-pass for stability). Null for fewer than two returns or a series
 * with no dispersion, where the ratio is undefined.
 */
export function sharpeRatio(returns: ArrayLike<number>): number | null {
  const n = returns.length;
  if (n < 2) return null;
  const m = mean(returns);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (returns[i] as number) - m;
    ss += d * d;
  }
  const sd = Math.sqrt(ss / (n - 1));
  return sd > 0 ? m / sd : null;
}

/**
 * Sortino ratio, target 0, not annualised: mean / downside deviation, where the downside deviation
 * is sqrt(Σ min(r_i, 0)² / n) over all n returns (Sortino's target downside deviation; the same
 * convention as quantstats). Null for fewer than two returns or when no return is negative
 * (the ratio would be infinite; JSON has no infinity).
 */
export function sortinoRatio(returns: ArrayLike<number>): number | null {
  const n = returns.length;
  if (n < 2) return null;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i] as number;
    if (r < 0) ss += r * r;
  }
  const dd = Math.sqrt(ss / n);
  return dd > 0 ? mean(returns) / dd : null;
}

/**
 * Scale a per-trade ratio to a year: × sqrt(trades per year), trades per year = n × YEAR_MS / periodMs.
 * Assumes trades are independent and follow one another, which concurrent positions violate; it is
 * there to compare with the design document's "Sharpe > 1.5" (§8), not to replace the per-trade figure.
 */
export function annualise(ratio: number | null, trades: number, periodMs: number | null): number | null {
  if (ratio === null || periodMs === null || periodMs <= 0 || trades === 0) return null;
  return ratio * Math.sqrt((trades * YEAR_MS) / periodMs);
}
