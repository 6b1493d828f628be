import type { Candle } from '../candle.js';

/**
 * Relative strength index, Wilder (1978), incremental: O(1) per closed candle, no allocation.
 *
 * Seeding (Wilder's worksheet, TA-Lib, technicalindicators): the first close only provides a
 * reference; each later close gives a gain max(Δ, 0) and a loss max(−Δ, 0). The first average gain
 * and loss are the simple means of the first `period` of them (closes 2 … period+1, so the first
 * value comes on close 15 for period 14); then avg_t = (avg_{t−1}·(period − 1) + x_t) / period.
 * RSI = 100 − 100 / (1 + avgGain/avgLoss); 100 when avgLoss = 0 < avgGain. When both are 0 (a flat
 * market) RSI is 0/0: we report 50, neutral, where technicalindicators reports 100 and TA-Lib 0.
 * technicalindicators also rounds RSI to 2 decimals; we do not (reference-indicators.test.ts).
 */
export class WilderRsi {
  private prevClose = Number.NaN;
  private changes = 0;
  private gainSum = 0;
  private lossSum = 0;
  /** Wilder-smoothed average gain (NaN until warmed up). */
  avgGain = Number.NaN;
  /** Wilder-smoothed average loss (NaN until warmed up). */
  avgLoss = Number.NaN;
  /** Candles fed so far. */
  candles = 0;

  constructor(readonly period = 14) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`RSI period must be a positive integer, got ${period}`);
  }

  /** Candles needed for the first value. */
  get warmUpCandles(): number {
    return this.period + 1;
  }

  /** RSI (0–100) after the last close; null until `warmUpCandles` closes have been fed. */
  get value(): number | null {
    if (this.changes < this.period) return null;
    const g = this.avgGain;
    const l = this.avgLoss;
    if (l === 0) return g === 0 ? 50 : 100;
    return 100 - 100 / (1 + g / l);
  }

  /** Feeds history, oldest first (e.g. `fetchOHLCV` at start); returns this. */
  warmUp(candles: Iterable<Pick<Candle, 'close'>>): this {
    for (const c of candles) this.update(c);
    return this;
  }

  update(c: Pick<Candle, 'close'>): number | null {
    return this.updateClose(c.close);
  }

  updateClose(close: number): number | null {
    this.candles += 1;
    const prev = this.prevClose;
    this.prevClose = close;
    if (Number.isNaN(prev)) return null;
    const d = close - prev;
    const gain = d > 0 ? d : 0;
    const loss = d < 0 ? -d : 0;
    this.changes += 1;
    const p = this.period;
    if (this.changes < p) {
      this.gainSum += gain;
      this.lossSum += loss;
      return null;
    }
    if (this.changes === p) {
      this.avgGain = (this.gainSum + gain) / p;
      this.avgLoss = (this.lossSum + loss) / p;
    } else {
      this.avgGain = (this.avgGain * (p - 1) + gain) / p;
      this.avgLoss = (this.avgLoss * (p - 1) + loss) / p;
    }
    return this.value;
  }
}
