import { describe, expect, it } from 'vitest';
import { DecimalGrid } from '../profile/decimal-grid.js';
import { candleRejection } from './rejection.js';

const grid = new DecimalGrid(2);
const rule = { wickBodyRatio: 2, closeLocation: 0.8 };
const ohlc = (open: number, high: number, low: number, close: number) => ({ open, high, low, close });

describe('candleRejection (§2.2.2 MicrostructureAnalyzer)', () => {
  it('finds a bullish rejection → demand', () => {
    // ticks o 10010 h 10015 l 9980 c 10014: body 4, lower wick 30 > 2·4, close > open, (c−l)/range = 34/35 = 0.971 > 0.8
    expect(candleRejection(ohlc(100.1, 100.15, 99.8, 100.14), grid, rule)).toBe('demand');
  });

  it('finds a bearish rejection → supply', () => {
    // ticks o 10000 h 10040 l 9993 c 9995: body 5, upper wick 40 > 2·5, close < open, (h−c)/range = 45/47 = 0.957 > 0.8
    expect(candleRejection(ohlc(100, 100.4, 99.93, 99.95), grid, rule)).toBe('supply');
  });

  it('needs the close beyond 80 % of the range, strictly', () => {
    // range 100 ticks (99.00…100.00), o 99.70: c 99.80 → 80/100 = 0.8, not > 0.8; c 99.81 → 0.81 (body 11, wick 70 > 22)
    expect(candleRejection(ohlc(99.7, 100, 99, 99.8), grid, rule)).toBeNull();
    expect(candleRejection(ohlc(99.7, 100, 99, 99.81), grid, rule)).toBe('demand');
  });

  it('needs the wick longer than twice the body, strictly', () => {
    // body 10 ticks (99.80 → 99.90), lower wick 20 = 2·10 → no; with low 99.59 the wick is 21 → yes ((c−l)/range = 31/32)
    expect(candleRejection(ohlc(99.8, 99.91, 99.6, 99.9), grid, rule)).toBeNull();
    expect(candleRejection(ohlc(99.8, 99.91, 99.59, 99.9), grid, rule)).toBe('demand');
  });

  it('needs a body in the direction of the rejection and a range', () => {
    // long lower wick but close < open: not bullish; upper wick 1 tick: not bearish
    expect(candleRejection(ohlc(100.14, 100.15, 99.8, 100.1), grid, rule)).toBeNull();
    // doji: close = open
    expect(candleRejection(ohlc(100.1, 100.15, 99.8, 100.1), grid, rule)).toBeNull();
    expect(candleRejection(ohlc(100, 100, 100, 100), grid, rule)).toBeNull();
  });
});
