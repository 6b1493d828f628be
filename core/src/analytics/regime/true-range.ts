import type { Candle } from '../candle.js';

/** What the Wilder indicators read from a candle. */
export type HighLowClose = Pick<Candle, 'high' | 'low' | 'close'>;

/**
 * Wilder's true range: the candle's range stretched to include the previous close, so a gap between
 * candles counts as movement. Undefined without a previous close (there is no gap to measure), which
 * is why every Wilder indicator here starts on the second candle.
 */
export function trueRange(high: number, low: number, prevClose: number): number {
  return Math.max(high - low, Math.abs(high - prevClose), Math.abs(low - prevClose));
}

/**
 * Candles after the seed until the seed's weight in a Wilder average, (1 − 1/period)^k, falls below
 * `weight`: how much extra history makes a warm-started value match one computed from far older data.
 * period 14, weight 0.01 → ⌈ln 0.01 / ln(13/14)⌉ = ⌈62.14⌉ = 63.
 */
export function wilderSettleCandles(period: number, weight = 0.01): number {
  return Math.ceil(Math.log(weight) / Math.log(1 - 1 / period));
}
