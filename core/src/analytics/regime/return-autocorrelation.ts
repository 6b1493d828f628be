import type { Candle } from '../candle.js';
import { LogReturnWindow } from './log-return-window.js';

/**
 * §2.2.2 autocorrelation filter input: lag-1 Pearson correlation of the log returns between the last
 * `candles` closes (10 one-minute candles in the document: 9 returns, 8 lagged pairs), each side
 * centred on its own mean — the same statistic as `lag1Autocorrelation` in price-stats.ts, kept
 * incrementally in a ring. Exact two-pass over the fixed window on every candle (O(candles), no
 * allocation): running sums of tiny returns would cancel. Null until `candles` closes, or when either
 * side has no variance (flat prices). Closes must be > 0.
 */
export class RollingReturnAutocorrelation {
  private readonly returns: LogReturnWindow;
  private r: number | null = null;
  /** Candles fed so far. */
  candles = 0;

  constructor(readonly window = 10) {
    if (!Number.isInteger(window) || window < 4) throw new Error(`autocorrelation window must be an integer ≥ 4 closes, got ${window}`);
    this.returns = new LogReturnWindow(window - 1);
  }

  get value(): number | null {
    return this.r;
  }

  update(c: Pick<Candle, 'close'>): number | null {
    return this.updateClose(c.close);
  }

  updateClose(close: number): number | null {
    this.candles += 1;
    if (!this.returns.push(close)) return null;
    // Pairs are (ret[i], ret[i+1]) in time order, oldest first.
    const pairs = this.returns.size - 1;
    let mx = 0;
    let my = 0;
    for (let i = 0; i < pairs; i++) {
      mx += this.returns.at(i);
      my += this.returns.at(i + 1);
    }
    mx /= pairs;
    my /= pairs;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < pairs; i++) {
      const dx = this.returns.at(i) - mx;
      const dy = this.returns.at(i + 1) - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    this.r = sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
    return this.r;
  }
}
