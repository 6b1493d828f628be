import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { TradeWindow } from './trade-window.js';

const trade = (i: number, ts: number): Trade => ({ id: `t${i}`, ts, price: 100 + i / 100, amount: 1 + i, side: i % 3 === 0 ? 'sell' : 'buy' }) as Trade;

describe('TradeWindow ring', () => {
  it('reads back every retained trade by sequence, whatever the initial capacity (rounded up to a power of two), through growth and wrap-around', () => {
    for (const cap of [1, 3, 4, 5, 1024]) {
      const w = new TradeWindow(10_000, cap);
      const all: Trade[] = [];
      // Bursts then pauses: the ring grows, wraps, and evicts past the 10-s horizon.
      for (let i = 0; i < 400; i++) {
        const t = trade(i, i * 700 + Math.floor(i / 37) * 9_000);
        all.push(t);
        w.push(t);
        expect(w.size).toBe(all.filter((x) => x.ts > t.ts - 10_000).length);
        for (let seq = w.firstSeq; seq < w.appended; seq++) {
          const k = w.slot(seq);
          const want = all[seq] as Trade;
          expect([w.ts[k], w.price[k], w.amount[k], w.sign[k]]).toEqual([want.ts, want.price, want.amount, want.side === 'buy' ? 1 : -1]);
        }
      }
    }
  });
});
