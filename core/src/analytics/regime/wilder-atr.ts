import { type HighLowClose, trueRange } from './true-range.js';

/**
 * Average true range, Wilder (1978), incremental: O(1) per closed candle, no allocation.
 *
 * Seeding (TA-Lib's and technicalindicators' convention): the first candle only provides a previous
 * close; true ranges start on candle 2. The first ATR is the simple mean of the first `period` true
 * ranges (candles 2 … period+1), so with period 14 the first value comes on candle 15. After that,
 * Wilder's smoothing: ATR_t = (ATR_{t−1}·(period − 1) + TR_t) / period.
 */
export class WilderAtr {
  private prevClose = Number.NaN;
  private ranges = 0;
  private sum = 0;
  private atr = Number.NaN;
  /** Last true range (NaN before the second candle). */
  lastTrueRange = Number.NaN;
  /** Candles fed so far. */
  candles = 0;

  constructor(readonly period = 14) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`ATR period must be a positive integer, got ${period}`);
  }

  /** Candles needed for the first value. */
  get warmUpCandles(): number {
    return this.period + 1;
  }

  /** ATR after the last candle; null until `warmUpCandles` candles have been fed. */
  get value(): number | null {
    return this.ranges >= this.period ? this.atr : null;
  }

  /** Feeds history, oldest first (e.g. `fetchOHLCV` at start); returns this. */
  warmUp(candles: Iterable<HighLowClose>): this {
    for (const c of candles) this.update(c);
    return this;
  }

  update(c: HighLowClose): number | null {
    this.candles += 1;
    const prev = this.prevClose;
    this.prevClose = c.close;
    if (Number.isNaN(prev)) return null;
    const tr = trueRange(c.high, c.low, prev);
    this.lastTrueRange = tr;
    this.ranges += 1;
    const p = this.period;
    if (this.ranges < p) {
      this.sum += tr;
      return null;
    }
    if (this.ranges === p) this.atr = (this.sum + tr) / p;
    else this.atr = (this.atr * (p - 1) + tr) / p;
    return this.atr;
  }
}
