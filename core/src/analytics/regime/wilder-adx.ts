import { type HighLowClose, trueRange } from './true-range.js';

/**
 * Average directional index with +DI/−DI, Wilder (1978), incremental: O(1) per closed candle, no
 * allocation.
 *
 * Per candle from the second on: TR; +DM = up if up > down and up > 0, else 0; −DM = down if
 * down > up and down > 0, else 0 (up = high − prevHigh, down = prevLow − low).
 * Seeding, as Wilder's worksheet, TA-Lib and technicalindicators do it:
 *  - TR, +DM, −DM are kept as Wilder-smoothed sums: the first is the plain sum of the first `period`
 *    values (candles 2 … period+1), then S_t = S_{t−1} − S_{t−1}/period + x_t.
 *  - +DI = 100·S(+DM)/S(TR), −DI = 100·S(−DM)/S(TR) from candle period+1 (15);
 *    DX = 100·|+DI − −DI| / (+DI + −DI).
 *  - ADX: the first is the mean of the first `period` DX values (candles period+1 … 2·period), then
 *    ADX_t = (ADX_{t−1}·(period − 1) + DX_t) / period. First ADX on candle 2·period = 28.
 * Degenerate inputs, where the ratios are 0/0: S(TR) = 0 gives DI = 0 and +DI + −DI = 0 gives DX = 0
 * (TA-Lib does the same for DX); technicalindicators yields NaN there and stays NaN afterwards.
 */
export class WilderAdx {
  private prevHigh = Number.NaN;
  private prevLow = Number.NaN;
  private prevClose = Number.NaN;
  private moves = 0;
  private sTr = 0;
  private sPlusDm = 0;
  private sMinusDm = 0;
  private dxCount = 0;
  private dxSum = 0;
  private adx = Number.NaN;
  /** +DI after the last candle (NaN until candle period+1). */
  plusDi = Number.NaN;
  /** −DI after the last candle (NaN until candle period+1). */
  minusDi = Number.NaN;
  /** DX after the last candle (NaN until candle period+1). */
  dx = Number.NaN;
  /** Candles fed so far. */
  candles = 0;

  constructor(readonly period = 14) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`ADX period must be a positive integer, got ${period}`);
  }

  /** Candles needed for the first ADX (DI come `period − 1` candles earlier). */
  get warmUpCandles(): number {
    return 2 * this.period;
  }

  /** ADX after the last candle; null until `warmUpCandles` candles have been fed. */
  get value(): number | null {
    return this.dxCount >= this.period ? this.adx : null;
  }

  /** True once +DI/−DI are defined. */
  get diReady(): boolean {
    return this.moves >= this.period;
  }

  /** Feeds history, oldest first (e.g. `fetchOHLCV` at start); returns this. */
  warmUp(candles: Iterable<HighLowClose>): this {
    for (const c of candles) this.update(c);
    return this;
  }

  update(c: HighLowClose): number | null {
    this.candles += 1;
    const ph = this.prevHigh;
    const pl = this.prevLow;
    const pc = this.prevClose;
    this.prevHigh = c.high;
    this.prevLow = c.low;
    this.prevClose = c.close;
    if (Number.isNaN(pc)) return null;

    const tr = trueRange(c.high, c.low, pc);
    const up = c.high - ph;
    const down = pl - c.low;
    const plusDm = up > down && up > 0 ? up : 0;
    const minusDm = down > up && down > 0 ? down : 0;
    const p = this.period;
    this.moves += 1;
    if (this.moves <= p) {
      this.sTr += tr;
      this.sPlusDm += plusDm;
      this.sMinusDm += minusDm;
      if (this.moves < p) return null;
    } else {
      this.sTr = this.sTr - this.sTr / p + tr;
      this.sPlusDm = this.sPlusDm - this.sPlusDm / p + plusDm;
      this.sMinusDm = this.sMinusDm - this.sMinusDm / p + minusDm;
    }

    this.plusDi = this.sTr > 0 ? (this.sPlusDm * 100) / this.sTr : 0;
    this.minusDi = this.sTr > 0 ? (this.sMinusDm * 100) / this.sTr : 0;
    const diSum = this.plusDi + this.minusDi;
    this.dx = diSum > 0 ? (Math.abs(this.plusDi - this.minusDi) / diSum) * 100 : 0;

    this.dxCount += 1;
    if (this.dxCount < p) {
      this.dxSum += this.dx;
      return null;
    }
    if (this.dxCount === p) this.adx = (this.dxSum + this.dx) / p;
    else this.adx = (this.adx * (p - 1) + this.dx) / p;
    return this.adx;
  }
}
