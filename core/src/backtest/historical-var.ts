/**
 * The p-quantile of ascending-sorted values with linear interpolation between order statistics
 * (Hyndman–Fan type 7, numpy's default `percentile(..., method='linear')`): h = (n − 1)·p,
 * q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty series');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const x0 = sorted[lo] as number;
  if (lo + 1 >= n) return x0;
  return x0 + (h - lo) * ((sorted[lo + 1] as number) - x0);
}

/**
 * Historical value at risk of a return series as a positive loss in percent: −q_{1−c} × 100, where
 * q is the (1 − c)-quantile of the returns (`quantileSorted`). Floored at 0: when even the worst
 * (1 − c) tail is a gain, the loss at that confidence is none. Null for an empty series.
 * `sorted` must be ascending.
 */
export function historicalVarPct(sorted: ArrayLike<number>, confidence: number): number | null {
  if (sorted.length === 0) return null;
  const q = quantileSorted(sorted, 1 - confidence);
  return q < 0 ? -q * 100 : 0;
}
