import type { Candle } from '../candle.js';
import { LogReturnWindow } from './log-return-window.js';

/** Smallest chunk the rescaled range is taken over: fewer points make R/S mostly noise. */
export const HURST_MIN_CHUNK = 8;

/**
 * Anis & Lloyd (1976) expected R/S of n i.i.d. normal values:
 *   E[R/S]_n = Γ((n−1)/2) / (√π·Γ(n/2)) · Σ_{i=1}^{n−1} √((n−i)/i).
 * The Γ ratio comes from its recurrence r(n+2) = r(n)·(n−1)/n with r(2) = √π, r(3) = 2/√π, so no
 * log-gamma is needed for the window sizes used here. E[R/S]_2 = 1, E[R/S]_3 = (2/π)·1.5√2.
 */
export function anisLloydExpectedRs(n: number): number {
  if (!Number.isInteger(n) || n < 2) throw new Error(`R/S chunk size must be an integer ≥ 2, got ${n}`);
  let ratio = n % 2 === 0 ? Math.sqrt(Math.PI) : 2 / Math.sqrt(Math.PI);
  for (let k = n % 2 === 0 ? 2 : 3; k < n; k += 2) ratio = (ratio * (k - 1)) / k;
  let s = 0;
  for (let i = 1; i < n; i++) s += Math.sqrt((n - i) / i);
  return (ratio / Math.sqrt(Math.PI)) * s;
}

/** Chunk sizes and their constants for a fixed number of returns; built once per window length. */
export class HurstPlan {
  /** Chunk sizes n = ⌊N/k⌋ for k = 1, 2, … while n ≥ minChunk (distinct). */
  readonly sizes: readonly number[];
  readonly chunks: readonly number[];
  readonly lnSize: Float64Array;
  readonly lnExpected: Float64Array;

  constructor(
    readonly returns: number,
    readonly minChunk = HURST_MIN_CHUNK,
  ) {
    const sizes: number[] = [];
    const chunks: number[] = [];
    for (let k = 1; Math.floor(returns / k) >= minChunk; k++) {
      const n = Math.floor(returns / k);
      if (sizes.at(-1) === n) continue;
      sizes.push(n);
      chunks.push(k);
    }
    if (sizes.length < 2) throw new Error(`Hurst over ${returns} returns needs at least 2 chunk sizes ≥ ${minChunk}: give ≥ ${2 * minChunk} returns`);
    this.sizes = sizes;
    this.chunks = chunks;
    this.lnSize = Float64Array.from(sizes, (n) => Math.log(n));
    this.lnExpected = Float64Array.from(sizes, (n) => Math.log(anisLloydExpectedRs(n)));
  }
}

/**
 * Hurst exponent of a series of returns by the Anis–Lloyd-corrected rescaled-range estimator
 * (R/S-AL; Anis & Lloyd 1976, Weron 2002):
 *  1. For each chunk size n of the plan, split the N returns into k = ⌊N/n⌋ non-overlapping chunks
 *     ending at the newest return (the oldest N − k·n are left out).
 *  2. Per chunk: Y_j = Σ_{i≤j} (x_i − mean), R = max Y − min Y (Y_n = 0 included), S = population
 *     standard deviation; chunks with S = 0 (to rounding) are skipped.
 *  3. y(n) = mean over chunks of ln(R/S) − ln E[R/S]_n (the i.i.d. expectation above), which removes
 *     classic R/S's small-sample upward bias (≈ +0.07 at N = 99).
 *  4. H = 0.5 + least-squares slope of y(n) on ln n, clamped to [0, 1].
 * H ≈ 0.5 for independent returns, > 0.5 when moves persist, < 0.5 when they reverse. Note that a
 * steady drift with independent noise scores ≈ 0.5: the chunk means absorb drift; ADX sees it.
 * Null when fewer than two chunk sizes have a chunk with S > 0 (e.g. flat prices). O(N·sizes)
 * (≈ 1,100 steps at N = 99), no allocation.
 */
export function hurstFromReturns(x: ArrayLike<number>, plan: HurstPlan, offset = 0): number | null {
  const N = plan.returns;
  if (x.length - offset < N) throw new Error(`Hurst plan is for ${N} returns, got ${x.length - offset}`);
  let used = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let s = 0; s < plan.sizes.length; s++) {
    const n = plan.sizes[s] as number;
    const k = plan.chunks[s] as number;
    let lnRsSum = 0;
    let good = 0;
    for (let c = 0, o = offset + N - k * n; c < k; c++, o += n) {
      let m = 0;
      for (let i = 0; i < n; i++) m += x[o + i] as number;
      m /= n;
      let y = 0;
      let hi = 0;
      let lo = 0;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const d = (x[o + i] as number) - m;
        y += d;
        if (y > hi) hi = y;
        else if (y < lo) lo = y;
        ss += d * d;
      }
      // No variance, or only rounding noise around a constant return (σ < 1e-10·|mean|).
      if (ss <= 1e-20 * n * m * m || ss === 0) continue;
      lnRsSum += Math.log((hi - lo) / Math.sqrt(ss / n));
      good += 1;
    }
    if (good === 0) continue;
    const lx = plan.lnSize[s] as number;
    const ly = lnRsSum / good - (plan.lnExpected[s] as number);
    used += 1;
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
  }
  if (used < 2) return null;
  const slope = (sxy - (sx * sy) / used) / (sxx - (sx * sx) / used);
  const h = 0.5 + slope;
  return h < 0 ? 0 : h > 1 ? 1 : h;
}

/** One-off Hurst exponent of `returns` (builds a plan; for tests and offline use). */
export function hurstExponent(returns: ArrayLike<number>, minChunk = HURST_MIN_CHUNK): number | null {
  return hurstFromReturns(returns, new HurstPlan(returns.length, minChunk));
}

/**
 * §2.3.1 directional persistence: the Hurst exponent (R/S-AL, above) of the log returns between the
 * last `window` closes (50–100 candles in the document; window − 1 returns). Recomputed on every
 * closed candle over the retained returns: O(window·sizes), run once per 15m candle. Closes must be > 0.
 */
export class RollingHurst {
  private readonly plan: HurstPlan;
  private readonly returns: LogReturnWindow;
  private readonly ordered: Float64Array;
  private h: number | null = null;
  /** Candles fed so far. */
  candles = 0;

  constructor(
    readonly window = 100,
    minChunk = HURST_MIN_CHUNK,
  ) {
    if (!Number.isInteger(window) || window < 2 * minChunk + 1) throw new Error(`Hurst window must be an integer ≥ ${2 * minChunk + 1} candles, got ${window}`);
    this.plan = new HurstPlan(window - 1, minChunk);
    this.returns = new LogReturnWindow(window - 1);
    this.ordered = new Float64Array(window - 1);
  }

  /** Hurst exponent after the last close; null until `window` closes have been fed, or when undefined. */
  get value(): number | null {
    return this.h;
  }

  update(c: Pick<Candle, 'close'>): number | null {
    return this.updateClose(c.close);
  }

  updateClose(close: number): number | null {
    this.candles += 1;
    if (!this.returns.push(close)) return null;
    for (let i = 0; i < this.ordered.length; i++) this.ordered[i] = this.returns.at(i);
    this.h = hurstFromReturns(this.ordered, this.plan);
    return this.h;
  }
}
