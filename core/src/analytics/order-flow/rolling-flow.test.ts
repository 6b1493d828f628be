import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../../model/trade.js';
import { TradeWindow } from '../trade-window.js';
import { RollingFlow, emptyFlowSums } from './rolling-flow.js';
import { TradeFlagBit, TradeFlagRing } from './trade-flag-ring.js';

const trade = (id: number, ts: number, amount: number, side: 'buy' | 'sell'): Trade => ({ id: String(id), ts, price: 1, amount, side, sideInferred: false });

/** The owner's protocol: evict every window, flag, push, include. */
class Harness {
  readonly flags: TradeFlagRing;
  readonly flows: RollingFlow[];
  constructor(
    readonly w: TradeWindow,
    windows: readonly number[],
    rebuildEvery = 4096,
    flagCapacity = 1024,
  ) {
    this.flags = new TradeFlagRing(flagCapacity);
    this.flows = windows.map((ms) => new RollingFlow(w, ms, this.flags, rebuildEvery));
  }
  push(t: Trade, large = false): void {
    for (const f of this.flows) f.advance(t.ts);
    const oldest = Math.min(...this.flows.map((f) => f.oldestSeq));
    this.flags.reserve(oldest, this.w.appended);
    this.flags.set(this.w.appended, large ? TradeFlagBit.Large : 0);
    this.w.push(t);
    for (const f of this.flows) f.include();
  }
}

describe('RollingFlow', () => {
  it('counts the trailing 30 s by hand: trades at 0, 10 s, 31 s → at 31 s the first has left', () => {
    const h = new Harness(new TradeWindow(60_000), [30_000]);
    h.push(trade(1, 0, 2, 'buy'));
    h.push(trade(2, 10_000, 1, 'sell'), true);
    h.push(trade(3, 31_000, 3, 'buy'));
    const f = h.flows[0] as RollingFlow;
    // Window (1 s, 31 s]: sell 1 (large) at 10 s, buy 3 at 31 s → ratio 3/1 = 3, delta 3 − 1 = 2.
    expect([f.buyVolume, f.sellVolume, f.buyTrades, f.sellTrades, f.trades, f.ratio, f.delta]).toEqual([3, 1, 1, 1, 2, 3, 2]);
    expect([f.largeBuyTrades, f.largeSellTrades]).toEqual([0, 1]);
  });

  it('drops trades at exactly now − window (the window is (now − w, now])', () => {
    const h = new Harness(new TradeWindow(60_000), [30_000]);
    h.push(trade(1, 0, 2, 'buy'));
    h.push(trade(2, 30_000, 5, 'buy'));
    // 0 = 30 000 − 30 000 is on the open end: only the 5 remains.
    expect((h.flows[0] as RollingFlow).buyVolume).toBe(5);
  });

  it('stays right after a quiet gap longer than horizon − window (where FlowWindow keeps evicted trades)', () => {
    // Buffer of capacity 4, full; then a trade 60 s later. The buffer (horizon 60 s) evicts all four
    // on push and writes the new trade into the oldest slot. Evicting the window first is what keeps
    // it from counting them: expected buy 7 over 1 trade (FlowWindow reports 11 over 5 here).
    const h = new Harness(new TradeWindow(60_000, 4), [30_000]);
    [1000, 2000, 3000, 4000].forEach((ts, i) => h.push(trade(i, ts, 1, 'buy')));
    h.push(trade(9, 64_000, 7, 'buy'));
    const f = h.flows[0] as RollingFlow;
    expect([f.buyVolume, f.trades]).toEqual([7, 1]);
  });

  it('reads the window at a later clock time without moving it', () => {
    const h = new Harness(new TradeWindow(60_000), [30_000]);
    h.push(trade(1, 0, 2, 'buy'));
    h.push(trade(2, 20_000, 1, 'sell'));
    const f = h.flows[0] as RollingFlow;
    // At 40 s the window is (10 s, 40 s]: only the sell at 20 s.
    expect(f.readAt(40_000, emptyFlowSums())).toEqual({ buyVolume: 0, sellVolume: 1, buyTrades: 0, sellTrades: 1, largeBuyTrades: 0, largeSellTrades: 0 });
    // Nothing moved: a trade stamped 25 s (exchange time behind the clock) still sees the buy at 0…
    expect(f.buyVolume).toBe(2);
    // …and then (−5 s, 25 s] holds all three.
    h.push(trade(3, 25_000, 4, 'buy'));
    expect([f.buyVolume, f.sellVolume, f.trades]).toEqual([6, 1, 3]);
  });

  it('reads a tiny remainder accurately after a huge trade leaves (found by the property below)', () => {
    const h = new Harness(new TradeWindow(300_000), [300_000]);
    const small = 0.000012862584389505745;
    h.push(trade(1, 0, 16383.999999932872, 'buy'));
    h.push(trade(2, 158_294, small, 'buy'));
    // At 300 s the big trade is on the open end. A plain (16384 + small) − 16384 is off by up to half
    // an ulp of 16384 (1.8e-12), 1e-7 of `small`; the compensated read is off by about one ulp of it.
    const got = (h.flows[0] as RollingFlow).readAt(300_000, emptyFlowSums()).buyVolume;
    expect(Math.abs(got - small)).toBeLessThanOrEqual(1e-15 * small);
  });

  it('matches a brute-force recount over any stream, gaps and flags included (property)', () => {
    const windows = [15_000, 30_000, 60_000, 300_000];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 400_000 })),
            amount: fc.double({ min: 1e-6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
            buy: fc.boolean(),
            large: fc.boolean(),
          }),
          { minLength: 1, maxLength: 300 },
        ),
        fc.integer({ min: 0, max: 400_000 }),
        (rows, readLater) => {
          // Tiny buffer, flag ring and rebuild period so growth and rebuilds happen constantly.
          const h = new Harness(new TradeWindow(300_000, 2), windows, 3, 1);
          const all: { t: Trade; large: boolean }[] = [];
          let ts = 1_000_000;
          rows.forEach((r, i) => {
            ts += r.dt;
            const t = trade(i, ts, r.amount, r.buy ? 'buy' : 'sell');
            all.push({ t, large: r.large });
            h.push(t, r.large);
          });
          const check = (at: number, got: (f: RollingFlow) => ReturnType<typeof emptyFlowSums>) => {
            windows.forEach((ms, k) => {
              const inWin = all.filter((x) => x.t.ts > at - ms);
              const side = (s: 'buy' | 'sell') => inWin.filter((x) => x.t.side === s);
              const vol = (xs: typeof inWin) => xs.reduce((a, x) => a + x.t.amount, 0);
              const g = got(h.flows[k] as RollingFlow);
              expect(g.buyTrades).toBe(side('buy').length);
              expect(g.sellTrades).toBe(side('sell').length);
              expect(g.largeBuyTrades).toBe(side('buy').filter((x) => x.large).length);
              expect(g.largeSellTrades).toBe(side('sell').filter((x) => x.large).length);
              const tol = 1e-12 * Math.max(1, vol(inWin));
              expect(Math.abs(g.buyVolume - vol(side('buy')))).toBeLessThanOrEqual(tol);
              expect(Math.abs(g.sellVolume - vol(side('sell')))).toBeLessThanOrEqual(tol);
            });
          };
          check(ts, (f) => ({ buyVolume: f.buyVolume, sellVolume: f.sellVolume, buyTrades: f.buyTrades, sellTrades: f.sellTrades, largeBuyTrades: f.largeBuyTrades, largeSellTrades: f.largeSellTrades }));
          check(ts + readLater, (f) => f.readAt(ts + readLater, emptyFlowSums()));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a window longer than the buffer keeps', () => {
    expect(() => new RollingFlow(new TradeWindow(60_000), 60_001, new TradeFlagRing())).toThrow(/horizon/);
  });
});

describe('TradeFlagRing', () => {
  it('keeps the flags of live sequence numbers across growth, past 2^32', () => {
    const r = new TradeFlagRing(2);
    const base = 2 ** 32 + 5; // beyond int32: `seq & mask` must still address correctly
    for (let s = base; s < base + 10; s++) {
      r.reserve(base, s);
      r.set(s, s % 3 === 0 ? 1 : 0);
    }
    expect(r.capacity).toBe(16);
    for (let s = base; s < base + 10; s++) expect(r.get(s)).toBe(s % 3 === 0 ? 1 : 0);
  });

  it('exceeds: amount × trades > multiple × (buy + sell volume), as recomputed from the getters', () => {
    const h = new Harness(new TradeWindow(60_000), [30_000]);
    h.push(trade(1, 0, 2, 'buy'));
    h.push(trade(2, 10_000, 1, 'sell'));
    const f = h.flows[0] as RollingFlow;
    for (const amount of [0.5, 14.9, 15, 15.1, 100]) {
      for (const multiple of [1, 10]) {
        const next = trade(3, 20_000, amount, 'buy');
        expect(f.exceeds(next, { multiple })).toBe(amount * f.trades > multiple * (f.buyVolume + f.sellVolume));
      }
    }
    // 15 × 2 = 30 = 10 × 3: not above.
    expect(f.exceeds(trade(3, 20_000, 15, 'buy'), { multiple: 10 })).toBe(false);
  });

  it('ratioInto writes the ratio as compared: buy / sell, +∞ with no sell volume', () => {
    const h = new Harness(new TradeWindow(60_000), [30_000]);
    const f = h.flows[0] as RollingFlow;
    const out = new Float64Array(2);
    h.push(trade(1, 0, 2, 'buy'));
    f.ratioInto(out, 1);
    expect(out[1]).toBe(Number.POSITIVE_INFINITY);
    expect(f.ratio).toBeNull();
    h.push(trade(2, 10_000, 0.3, 'sell'));
    h.push(trade(3, 20_000, 0.1, 'buy'));
    f.ratioInto(out, 0);
    expect(out[0]).toBe(f.ratio);
    expect(out[0]).toBe(f.buyVolume / f.sellVolume);
  });
});
