import type { TradeWindow } from './trade-window.js';

export interface PriceStats {
  readonly mean: number;
  readonly std: number;
  readonly n: number;
}

/**
 * Mean and population standard deviation of trade prices over the last `windowMs` (spec §2.2.2
 * mean-reversion filter: "recent price mean (last 15 min)"). Computed on demand over the retained
 * trades (called per setup, not per trade), shifted by the first price to avoid cancellation.
 */
export function priceStats(w: TradeWindow, nowTs: number, windowMs: number): PriceStats {
  const cutoff = nowTs - windowMs;
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let ref = Number.NaN;
  for (let s = w.firstSeq; s < w.appended; s++) {
    const i = w.slot(s);
    if ((w.ts[i] as number) <= cutoff) continue;
    const p = w.price[i] as number;
    if (Number.isNaN(ref)) ref = p;
    const d = p - ref;
    n += 1;
    sum += d;
    sumSq += d * d;
  }
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n: 0 };
  const meanD = sum / n;
  const variance = Math.max(0, sumSq / n - meanD * meanD);
  return { mean: ref + meanD, std: Math.sqrt(variance), n };
}

/**
 * Lag-1 autocorrelation (Pearson, sample) of log returns between consecutive closes. `closes` must
 * hold at least 3 values; returns NaN when returns have no variance.
 */
export function lag1Autocorrelation(closes: readonly number[]): number {
  const r: number[] = [];
  for (let i = 1; i < closes.length; i++) r.push(Math.log((closes[i] as number) / (closes[i - 1] as number)));
  if (r.length < 2) return Number.NaN;
  const x = r.slice(0, -1);
  const y = r.slice(1);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return sxy / Math.sqrt(sxx * syy);
}
