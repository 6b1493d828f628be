import { describe, expect, it } from 'vitest';
import type { Candle } from '../../analytics/candle.js';
import { CorrelationBook } from './correlation-book.js';

const T0 = Date.UTC(2024, 2, 1, 12, 0);
function candle(minute: number, close: number): Candle {
  return { timeframe: '1m', openTime: T0 + minute * 60_000, open: close, high: close, low: close, close, volume: 1, buyVolume: 0.5, sellVolume: 0.5, trades: 1, buyTrades: 1, sellTrades: 0 };
}
/** Closes whose 1m log returns are exactly `returns` (up to rounding), starting at 100. */
function closes(returns: readonly number[]): number[] {
  const out = [100];
  let acc = 0;
  for (const r of returns) {
    acc += r;
    out.push(100 * Math.exp(acc));
  }
  return out;
}
const opts = { leaders: ['BTC/USDT', 'ETH/USDT'], windowMinutes: 1440, maxFillMinutes: 15, recomputeEvery: 1440, minSamples: 4, shortReturns: 60, longReturns: 1440, minShortSamples: 30, minLongSamples: 120 };

describe('CorrelationBook', () => {
  // Hand example: x (symbol) = 0.02, −0.01, 0.01, 0.02 (mean 0.01); y (BTC) = 0.01, −0.02, 0.03, 0 (mean 0.005)
  // dx = 0.01, −0.02, 0, 0.01; dy = 0.005, −0.025, 0.025, −0.005
  // Σdxdy = 0.00005 + 0.0005 + 0 − 0.00005 = 0.0005; Σdx² = 0.0006; Σdy² = 0.0013
  // r = 0.0005 / √(0.0006 × 0.0013) = 0.0005 / 0.000883176 = 0.566139
  const x = [0.02, -0.01, 0.01, 0.02];
  const y = [0.01, -0.02, 0.03, 0];

  it('correlates 1m log returns aligned by openTime (hand example r = 0.566139)', () => {
    const b = new CorrelationBook(opts);
    const cx = closes(x);
    const cy = closes(y);
    for (let m = 0; m < 5; m++) {
      b.onCandle('BTC/USDT', candle(m, cy[m] as number));
      b.onCandle('SOL/USDT', candle(m, cx[m] as number));
    }
    expect(b.samples('SOL/USDT', 'BTC/USDT')).toBe(4);
    expect(b.correlation('SOL/USDT', 'BTC/USDT')).toBeCloseTo(0.566139, 6);
  });

  it('gives the same r whichever series arrives first, minute by minute', () => {
    const b = new CorrelationBook(opts);
    const cx = closes(x);
    const cy = closes(y);
    // The symbol's whole day first, then the leader's.
    for (let m = 0; m < 5; m++) b.onCandle('SOL/USDT', candle(m, cx[m] as number));
    for (let m = 0; m < 5; m++) b.onCandle('BTC/USDT', candle(m, cy[m] as number));
    expect(b.correlation('SOL/USDT', 'BTC/USDT')).toBeCloseTo(0.566139, 6);
  });

  it('counts a missing symbol minute as a quiet (zero-return) minute', () => {
    // The symbol has no candle at minute 3; its minute-4 close carries both moves: x = 0.02, −0.01, 0, 0.03.
    // mean x = 0.01; dx = 0.01, −0.02, −0.01, 0.02; dy as above
    // Σdxdy = 0.00005 + 0.0005 − 0.00025 − 0.0001 = 0.0002; Σdx² = 0.001; Σdy² = 0.0013
    // r = 0.0002 / √(0.001 × 0.0013) = 0.0002 / 0.00114018 = 0.175412
    const b = new CorrelationBook(opts);
    const cx = closes([0.02, -0.01, 0.0, 0.03]);
    const cy = closes(y);
    for (let m = 0; m < 5; m++) {
      b.onCandle('BTC/USDT', candle(m, cy[m] as number));
      if (m !== 3) b.onCandle('SOL/USDT', candle(m, cx[m] as number));
    }
    expect(b.samples('SOL/USDT', 'BTC/USDT')).toBe(4);
    expect(b.correlation('SOL/USDT', 'BTC/USDT')).toBeCloseTo(0.175412, 6);
  });

  it('leader vs leader, leader vs itself, unknown leader, too few samples', () => {
    const b = new CorrelationBook(opts);
    const cy = closes(y);
    const ce = closes(y.map((r) => 2 * r));
    for (let m = 0; m < 5; m++) {
      b.onCandle('BTC/USDT', candle(m, cy[m] as number));
      b.onCandle('ETH/USDT', candle(m, ce[m] as number));
    }
    expect(b.correlation('ETH/USDT', 'BTC/USDT')).toBeCloseTo(1, 9);
    expect(b.correlation('BTC/USDT', 'ETH/USDT')).toBeCloseTo(1, 9);
    expect(b.correlation('BTC/USDT', 'BTC/USDT')).toBe(1);
    expect(b.correlation('SOL/USDT', 'DXY')).toBeNull();
    const few = new CorrelationBook({ ...opts, minSamples: 5 });
    for (let m = 0; m < 5; m++) {
      few.onCandle('BTC/USDT', candle(m, cy[m] as number));
      few.onCandle('ETH/USDT', candle(m, ce[m] as number));
    }
    expect(few.correlation('ETH/USDT', 'BTC/USDT')).toBeNull();
  });

  it('ignores candles that are not 1m', () => {
    const b = new CorrelationBook(opts);
    const c5 = { ...candle(0, 100), timeframe: '5m' as const };
    b.onCandle('BTC/USDT', c5);
    b.onCandle('BTC/USDT', { ...candle(5, 110), timeframe: '5m' as const });
    expect(b.samples('SOL/USDT', 'BTC/USDT')).toBe(0);
  });

  it('volatility ratio σ(short)/σ(long) of the leader (hand example 1.36626)', () => {
    // short window 4, long window 8. Returns: 0.001,−0.001,0.001,−0.001 then 0.002,−0.002,0.002,−0.002.
    // short (last 4): mean 0, Σr² = 4 × 4e−6 = 1.6e−5, s² = 1.6e−5 / 3 = 5.3333e−6, s = 0.00230940
    // long (all 8):   mean 0, Σr² = 4e−6 + 1.6e−5 = 2e−5, s² = 2e−5 / 7 = 2.8571e−6, s = 0.00169031
    // ratio = 0.00230940 / 0.00169031 = 1.366260
    const b = new CorrelationBook({ ...opts, shortReturns: 4, longReturns: 8, minShortSamples: 4, minLongSamples: 8 });
    const c = closes([0.001, -0.001, 0.001, -0.001, 0.002, -0.002, 0.002, -0.002]);
    expect(b.volatilityRatio()).toBeNull();
    c.forEach((px, m) => b.onCandle('BTC/USDT', candle(m, px)));
    expect(b.volatilityRatio()).toBeCloseTo(1.36626, 5);
  });
});
