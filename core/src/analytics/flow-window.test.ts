import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { FlowWindow } from './flow-window.js';
import { TradeWindow } from './trade-window.js';

const trade = (id: number, ts: number, amount: number, side: 'buy' | 'sell'): Trade => ({ id: String(id), ts, price: 1, amount, side, sideInferred: false });

describe('FlowWindow', () => {
  it('counts the trailing 30 s by hand: trades at 0, 10 s, 31 s → at 31 s the first has left', () => {
    const w = new TradeWindow(60_000);
    const f = new FlowWindow(w, 30_000);
    for (const t of [trade(1, 0, 2, 'buy'), trade(2, 10_000, 1, 'sell'), trade(3, 31_000, 3, 'buy')]) {
      w.push(t);
      f.onAppend(t.ts);
    }
    // Window (1 s, 31 s]: sell 1 at 10 s, buy 3 at 31 s → ratio 3.
    expect(f.snapshot()).toEqual({ windowMs: 30_000, buyVolume: 3, sellVolume: 1, trades: 2, ratio: 3 });
  });

  it('reports a null ratio when nothing was sold', () => {
    const w = new TradeWindow(60_000);
    const f = new FlowWindow(w, 30_000);
    w.push(trade(1, 5, 1, 'buy'));
    f.onAppend(5);
    expect(f.snapshot().ratio).toBeNull();
  });

  it('matches a brute-force sum over any trade sequence (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 20_000 }), amount: fc.double({ min: 0.001, max: 1000, noNaN: true }), buy: fc.boolean() }), { minLength: 1, maxLength: 400 }),
        (rows) => {
          const w = new TradeWindow(60_001, 4);
          const f = new FlowWindow(w, 30_000, 7);
          const all: Trade[] = [];
          let ts = 1_000_000;
          rows.forEach((r, i) => {
            ts += r.dt;
            const t = trade(i, ts, r.amount, r.buy ? 'buy' : 'sell');
            all.push(t);
            w.push(t);
            f.onAppend(ts);
          });
          const inWin = all.filter((t) => t.ts > ts - 30_000);
          const buy = inWin.filter((t) => t.side === 'buy').reduce((a, t) => a + t.amount, 0);
          const sell = inWin.filter((t) => t.side === 'sell').reduce((a, t) => a + t.amount, 0);
          const s = f.snapshot();
          expect(s.trades).toBe(inWin.length);
          expect(s.buyVolume).toBeCloseTo(buy, 6);
          expect(s.sellVolume).toBeCloseTo(sell, 6);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('FlowWindow after a long pause', () => {
  it('does not read slots the buffer already reused (sparse markets)', () => {
    // Buffer horizon 16 min, window 15 min, ring of 4. Buys of 1…8 at minutes 0–3 and 17–20, then 100 at
    // minute 35.5. Only the last trade is within 15 min of 35.5 (20 + 15 = 35 < 35.5), so buy volume = 100
    // over 1 trade. The pause 3 → 17 exceeds horizon − window (1 min), which used to count stale slots.
    const w = new TradeWindow(16 * 60_000, 4);
    const f = new FlowWindow(w, 15 * 60_000);
    const mins = [0, 1, 2, 3, 17, 18, 19, 20];
    mins.forEach((m, i) => {
      w.push({ id: String(i), ts: m * 60_000, price: 1, amount: i + 1, side: 'buy', sideInferred: false });
      f.onAppend(m * 60_000);
    });
    w.push({ id: 'x', ts: 35.5 * 60_000, price: 1, amount: 100, side: 'buy', sideInferred: false });
    f.onAppend(35.5 * 60_000);
    expect(f.snapshot()).toMatchObject({ buyVolume: 100, sellVolume: 0, trades: 1 });
  });
});
