import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import type { Candle } from './candle.js';
import { CandleBuilder } from './candle-builder.js';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

describe('CandleBuilder', () => {
  it('aligns to UTC minutes and splits aggressor volume (hand case)', () => {
    const b = new CandleBuilder('1m', 10);
    const trades: Trade[] = [
      { id: '1', ts: T0 + 59_999, price: 10, amount: 1, side: 'buy', sideInferred: false },
      { id: '2', ts: T0 + 60_000, price: 12, amount: 2, side: 'sell', sideInferred: false },
      { id: '3', ts: T0 + 61_000, price: 9, amount: 3, side: 'buy', sideInferred: false },
      { id: '4', ts: T0 + 120_000, price: 11, amount: 1, side: 'buy', sideInferred: false },
    ];
    const closed = trades.map((t) => b.update(t)).filter((c): c is Candle => c !== null);
    expect(closed.map((c) => c.openTime)).toEqual([T0, T0 + 60_000]);
    expect(closed[1]).toMatchObject({ open: 12, high: 12, low: 9, close: 9, volume: 5, buyVolume: 3, sellVolume: 2, trades: 2, buyTrades: 1, sellTrades: 1 });
  });

  it('conserves volume and folds five 1m candles into their 5m candle (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 1, max: 40_000 }), price: fc.integer({ min: 1, max: 1000 }), qty: fc.integer({ min: 1, max: 1000 }), buy: fc.boolean() }), { minLength: 1, maxLength: 300 }),
        (rows) => {
          // Integer quantities keep float sums exact, so conservation can be asserted with toBe.
          const m1 = new CandleBuilder('1m', 10_000);
          const m5 = new CandleBuilder('5m', 10_000);
          let ts = T0;
          let total = 0;
          rows.forEach((r, i) => {
            ts += r.dt;
            const t: Trade = { id: String(i), ts, price: r.price, amount: r.qty, side: r.buy ? 'buy' : 'sell', sideInferred: false };
            total += r.qty;
            m1.update(t);
            m5.update(t);
          });
          const c1 = [...m1.history, m1.open as Candle];
          const c5 = [...m5.history, m5.open as Candle];
          expect(c1.reduce((a, c) => a + c.volume, 0)).toBe(total);
          expect(c5.reduce((a, c) => a + c.volume, 0)).toBe(total);
          for (const c of c1) {
            expect(c.buyVolume + c.sellVolume).toBe(c.volume);
            expect(c.buyTrades + c.sellTrades).toBe(c.trades);
            expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
            expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
            expect(c.openTime % 60_000).toBe(0);
          }
          for (const big of c5) {
            const parts = c1.filter((c) => c.openTime >= big.openTime && c.openTime < big.openTime + 300_000);
            expect(parts.reduce((a, c) => a + c.volume, 0)).toBe(big.volume);
            expect(parts[0]?.open).toBe(big.open);
            expect(parts[parts.length - 1]?.close).toBe(big.close);
            expect(Math.max(...parts.map((c) => c.high))).toBe(big.high);
            expect(Math.min(...parts.map((c) => c.low))).toBe(big.low);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
