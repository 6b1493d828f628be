import type { EquityPoint } from './backtest-result.js';

/**
 * Largest peak-to-trough fall of an equity curve in percent of the running peak:
 * max_t (peak_t − E_t) / peak_t × 100, peak_t = max_{s ≤ t} E_s. While the peak is not positive
 * there is no meaningful percentage and the point counts as 0. 0 for a curve that never falls.
 */
export function maxDrawdownPct(curve: readonly EquityPoint[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const p of curve) {
    const e = Number(p.equity);
    if (e > peak) peak = e;
    if (peak > 0 && (peak - e) / peak > worst) worst = (peak - e) / peak;
  }
  return worst * 100;
}

/** The drawdown below the running peak at every point of the curve, in percent (≥ 0), index-aligned with it. */
export function drawdownPctSeries(curve: readonly EquityPoint[]): Float64Array {
  const out = new Float64Array(curve.length);
  let peak = -Infinity;
  for (let i = 0; i < curve.length; i++) {
    const e = Number((curve[i] as EquityPoint).equity);
    if (e > peak) peak = e;
    out[i] = peak > 0 ? ((peak - e) / peak) * 100 : 0;
  }
  return out;
}
