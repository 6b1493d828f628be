import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import type { Candle } from './candle.js';
import { CandleBuilder, bucketStart, foldCandles } from './candle-builder.js';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const trade = (id: number, ts: number, price: number, amount: number, side: 'buy' | 'sell'): Trade => ({ id: String(id), ts, price, amount, side, sideInferred: false });

const candle = (timeframe: Candle['timeframe'], openTime: number, o: number, h: number, l: number, c: number, buyVolume: number, sellVolume: number, buyTrades: number, sellTrades: number): Candle => ({
  timeframe,
  openTime,
  open: o,
  high: h,
  low: l,
  close: c,
  volume: buyVolume + sellVolume,
  buyVolume,
  sellVolume,
  trades: buyTrades + sellTrades,
  buyTrades,
  sellTrades,
});

describe('CandleBuilder', () => {
  it('aligns to UTC minutes and splits aggressor volume (hand case)', () => {
    const b = new CandleBuilder('1m', 10);
    const trades: Trade[] = [trade(1, T0 + 59_999, 10, 1, 'buy'), trade(2, T0 + 60_000, 12, 2, 'sell'), trade(3, T0 + 61_000, 9, 3, 'buy'), trade(4, T0 + 120_000, 11, 1, 'buy')];
    const closed = trades.map((t) => b.update(t)).filter((c): c is Candle => c !== null);
    // 59.999 s is still the first minute; 60.000 s opens the second; 120.000 s closes it.
    expect(closed.map((c) => c.openTime)).toEqual([T0, T0 + 60_000]);
    // Second minute: trades 2 (sell 2 @12) and 3 (buy 3 @9) → O 12 H 12 L 9 C 9, V 5 = 3 buy + 2 sell.
    expect(closed[1]).toEqual(candle('1m', T0 + 60_000, 12, 12, 9, 9, 3, 2, 1, 1));
    expect(b.open).toEqual(candle('1m', T0 + 120_000, 11, 11, 11, 11, 1, 0, 1, 0));
  });

  it('keeps only the last `keep` closed candles and skips empty buckets', () => {
    const b = new CandleBuilder('5m', 2);
    // Buckets 0, 5, 10, 25 min (15 and 20 min have no trades, so no candle).
    for (const [i, m] of [0, 5, 10, 25].entries()) b.update(trade(i, T0 + m * 60_000, 100 + i, 1, 'buy'));
    expect(b.history.map((c) => (c.openTime - T0) / 60_000)).toEqual([5, 10]);
    expect(b.open?.openTime).toBe(T0 + 25 * 60_000);
  });

  it('throws on a trade from an earlier bucket instead of folding it into the open candle', () => {
    const b = new CandleBuilder('1m', 10);
    b.update(trade(1, T0 + 60_000, 10, 1, 'buy'));
    expect(() => b.update(trade(2, T0 + 59_000, 10, 1, 'buy'))).toThrow(/time order/);
  });

  it('aligns buckets by floor for times before 1970 too', () => {
    // −1 ms lies in the minute [−60 000, 0): floor, not truncation toward zero.
    expect(bucketStart(-1, 60_000)).toBe(-60_000);
    expect(bucketStart(-60_000, 60_000)).toBe(-60_000);
    expect(bucketStart(T0 + 299_999, 300_000)).toBe(T0);
  });
});

describe('foldCandles', () => {
  it('folds 1m candles into 5m and 15m buckets (hand case)', () => {
    const m1 = [
      candle('1m', T0 + 3 * 60_000, 10, 14, 9, 13, 2, 1, 2, 1),
      candle('1m', T0 + 4 * 60_000, 13, 15, 12, 12, 0, 4, 0, 2),
      candle('1m', T0 + 5 * 60_000, 12, 12, 8, 11, 1, 0, 1, 0),
      candle('1m', T0 + 9 * 60_000, 11, 16, 11, 16, 5, 5, 3, 3),
    ];
    // 5m bucket 0: minutes 3 and 4 → O 10, H max(14,15)=15, L min(9,12)=9, C 12,
    //   buy 2+0=2, sell 1+4=5, V 7, buy trades 2, sell trades 1+2=3.
    // 5m bucket 5: minutes 5 and 9 → O 12, H max(12,16)=16, L min(8,11)=8, C 16,
    //   buy 1+5=6, sell 0+5=5, V 11, buy trades 1+3=4, sell trades 0+3=3.
    expect(foldCandles(m1, '5m')).toEqual([candle('5m', T0, 10, 15, 9, 12, 2, 5, 2, 3), candle('5m', T0 + 300_000, 12, 16, 8, 16, 6, 5, 4, 3)]);
    // 15m: all four → O 10, H 16, L 8, C 16, buy 8, sell 10, buy trades 6, sell trades 6.
    expect(foldCandles(m1, '15m')).toEqual([candle('15m', T0, 10, 16, 8, 16, 8, 10, 6, 6)]);
    // Same timeframe: a copy, not the same objects.
    const same = foldCandles(m1, '1m');
    expect(same).toEqual(m1);
    expect(same[0]).not.toBe(m1[0]);
  });

  it('rejects what it cannot fold honestly', () => {
    const a = candle('5m', T0, 1, 1, 1, 1, 1, 0, 1, 0);
    const b = candle('1m', T0 + 60_000, 1, 1, 1, 1, 1, 0, 1, 0);
    expect(foldCandles([], '15m')).toEqual([]);
    expect(() => foldCandles([a], '1m')).toThrow(/cannot fold/);
    expect(() => foldCandles([a, b], '15m')).toThrow(/mixed/);
    expect(() => foldCandles([b, { ...b }], '5m')).toThrow(/out of order/);
    expect(() => foldCandles([{ ...b, openTime: T0 + 1 }], '5m')).toThrow(/not aligned/);
  });
});
