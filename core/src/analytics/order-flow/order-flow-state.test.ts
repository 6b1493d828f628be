import { describe, expect, it } from 'vitest';
import type { Trade } from '../../model/trade.js';
import { TradeWindow } from '../trade-window.js';
import { OrderFlowConfigSchema, defaultOrderFlowConfig } from './order-flow-config.js';
import { toFlowSnapshot } from './order-flow-snapshot.js';
import { OrderFlowEvent, OrderFlowState } from './order-flow-state.js';

const T0 = Date.UTC(2024, 0, 1);
const S = 1_000;
const M = 60_000;
let nextId = 0;
const trade = (ts: number, side: 'buy' | 'sell', amount: number): Trade => ({ id: String(nextId++), ts, price: 100, amount, side, sideInferred: false });

function feed(s: OrderFlowState, trades: readonly Trade[]): number[] {
  return trades.map((t) => s.onTrade(t));
}

describe('OrderFlowState: imbalance windows and the cascade', () => {
  // Reading time T (20 min into the day). Seconds before T, side, amount:
  //   −900 sell 100   (exactly T − 15 min: on the open end of every window, so in none)
  //   −800 buy 4, −700 sell 5                  → only in 15m
  //   −200 buy 7, −100 sell 3                  → 5m and 15m
  //   −45 buy 3                                → 1m and up
  //   −20 buy 1                                → 30 s and up
  //   −10 sell 2, 0 buy 3                      → every window
  const T = T0 + 20 * M;
  const stream = (): Trade[] =>
    [
      [-900, 'sell', 100],
      [-800, 'buy', 4],
      [-700, 'sell', 5],
      [-200, 'buy', 7],
      [-100, 'sell', 3],
      [-45, 'buy', 3],
      [-20, 'buy', 1],
      [-10, 'sell', 2],
      [0, 'buy', 3],
    ].map(([dt, side, a]) => trade(T + (dt as number) * S, side as 'buy' | 'sell', a as number));

  it('measures every window by hand, reproducing the document’s 3.5 > 2.8 > 1.8 cascade', () => {
    const s = new OrderFlowState();
    feed(s, stream());
    const r = s.snapshot().imbalance;
    // exit 15 s:    buy 3,           sell 2        → 1.5 over 2 trades (< 5: not sufficient)
    expect(r.exit).toMatchObject({ windowMs: 15_000, buyVolume: 3, sellVolume: 2, trades: 2, ratio: 1.5, sufficient: false });
    // primary 30 s: buy 1 + 3 = 4,   sell 2        → 2 over 3 trades
    expect(r.primary).toMatchObject({ windowMs: 30_000, buyVolume: 4, sellVolume: 2, trades: 3, ratio: 2, sufficient: false });
    // 1m:  buy 3 + 1 + 3 = 7,        sell 2        → 3.5 over 4 trades
    expect(r['1m']).toMatchObject({ buyVolume: 7, sellVolume: 2, ratio: 3.5, trades: 4, buyTrades: 3, sellTrades: 1, delta: 5 });
    // 5m:  buy 7 + 7 = 14,           sell 2 + 3 = 5 → 2.8 over 6 trades (sufficient)
    expect(r['5m']).toMatchObject({ buyVolume: 14, sellVolume: 5, ratio: 2.8, trades: 6, sufficient: true });
    // 15m: buy 14 + 4 = 18,          sell 5 + 5 = 10 → 1.8 over 8 trades
    expect(r['15m']).toMatchObject({ buyVolume: 18, sellVolume: 10, ratio: 1.8, trades: 8 });
    // The live cursors agree with the reading at the last trade.
    expect([s.flow('1m').ratio, s.flow('5m').ratio, s.flow('15m').ratio]).toEqual([3.5, 2.8, 1.8]);
    expect(toFlowSnapshot(r['5m'])).toEqual({ windowMs: 300_000, buyVolume: 14, sellVolume: 5, trades: 6, ratio: 2.8 });
  });

  it('gives CVD over 15 min and its one-minute slope by hand', () => {
    const s = new OrderFlowState();
    feed(s, stream());
    // CVD = 18 − 10 = 8 (the sell 100 at exactly T − 15 min is out); slope = 1m delta 7 − 2 = 5 per minute.
    expect(s.cvdReading()).toEqual({ windowMs: 900_000, value: 8, slopeWindowMs: 60_000, slopePerMinute: 5, direction: 'up' });
    expect([s.cvd, s.cvdSlopePerMinute]).toEqual([8, 5]);
  });

  it('lets volume leave the windows when read at a later clock time', () => {
    const s = new OrderFlowState();
    feed(s, stream());
    const r = s.snapshot(T + 20 * S).imbalance;
    // At T + 20 s the exit window (T + 5 s, T + 20 s] is empty; 30 s is (T − 10 s, T + 20 s]: only buy 3 at T.
    expect(r.exit).toMatchObject({ trades: 0, buyVolume: 0, sellVolume: 0, ratio: null, sufficient: false });
    expect(r.primary).toMatchObject({ trades: 1, buyVolume: 3, sellVolume: 0, ratio: null });
    // A clock before the last trade cannot rewind the windows: it reads at the last trade.
    expect(s.snapshot(T - 60 * S).at).toBe(T);
  });
});

describe('OrderFlowState: large trades', () => {
  it('flags a trade above 10× the 5-min mean size of the trades before it, per side (hand case)', () => {
    const s = new OrderFlowState();
    const ones = [0, 1, 2, 3, 4].map((k) => trade(T0 + k * S, 'buy', 1));
    const ev = feed(s, [...ones, trade(T0 + 5 * S, 'sell', 10.01), trade(T0 + 6 * S, 'buy', 200), trade(T0 + 7 * S, 'buy', 10)]);
    // Sell 10.01 at 5 s: before it, 5 trades of 1 → mean 1 → threshold 10 → 10.01 > 10: large.
    //   (Counting itself the mean would be 15.01/6 ≈ 2.50 and nothing under 25.02 could ever be large.)
    // Buy 200 at 6 s: before it 6 trades, 5 + 10.01 = 15.01 → mean ≈ 2.5017 → threshold ≈ 25.017: large.
    // Buy 10 at 7 s: before it 7 trades, 215.01 → mean ≈ 30.716 → threshold ≈ 307.16: not large.
    expect(ev.map((e) => (e & OrderFlowEvent.LargeTrade) !== 0)).toEqual([false, false, false, false, false, true, true, false]);
    expect(s.lastTradeLarge).toBe(false);
    const r = s.largeTradeReading();
    // Now 8 trades, 225.01 → mean 28.12625, threshold 281.2625; one large per side in the last 5 min.
    expect(r).toMatchObject({ multiple: 10, averageWindowMs: 300_000, countWindowMs: 300_000, buy: 1, sell: 1, lastTradeLarge: false });
    expect(r.averageSize).toBeCloseTo(28.12625, 12);
    expect(r.threshold).toBeCloseTo(281.2625, 11);
    expect(s.flow('5m').largeSellTrades).toBe(1);
  });

  it('needs 5 trades behind the average, and is strict at exactly 10×', () => {
    const s = new OrderFlowState();
    // Four trades of 1 then 100: only 4 trades behind the mean → not judged.
    const ev = feed(s, [...[0, 1, 2, 3].map((k) => trade(T0 + k * S, 'buy', 1)), trade(T0 + 4 * S, 'buy', 100)]);
    expect(ev.every((e) => (e & OrderFlowEvent.LargeTrade) === 0)).toBe(true);
    const s2 = new OrderFlowState();
    // Five trades of 1 then exactly 10: 10 > 10 × 1 is false.
    const ev2 = feed(s2, [...[0, 1, 2, 3, 4].map((k) => trade(T0 + k * S, 'sell', 1)), trade(T0 + 5 * S, 'sell', 10)]);
    expect((ev2[5] as number) & OrderFlowEvent.LargeTrade).toBe(0);
  });

  it('counts a large trade only while it is inside the 5-min count window', () => {
    const s = new OrderFlowState();
    feed(s, [...[0, 1, 2, 3, 4].map((k) => trade(T0 + k * S, 'buy', 1)), trade(T0 + 5 * S, 'sell', 10.01), trade(T0 + 6 * S, 'buy', 200)]);
    expect(s.lastTradeLarge).toBe(true);
    // At 305 s the window is (5 s, 305 s]: the sell at 5 s has left, the buy at 6 s has not.
    expect(s.largeTradeReading(T0 + 305 * S)).toMatchObject({ buy: 1, sell: 0 });
    // At 306 s both have left, and with no trades there is no mean to judge against.
    expect(s.largeTradeReading(T0 + 306 * S)).toMatchObject({ buy: 0, sell: 0, averageSize: null, threshold: null });
  });
});

describe('OrderFlowState: exhaustion', () => {
  // Sell 1 at 0 s; buy 1 every 10 s from 10 s to 300 s (30 trades).
  const stream = (): Trade[] => [trade(T0, 'sell', 1), ...Array.from({ length: 30 }, (_, k) => trade(T0 + (k + 1) * 10 * S, 'buy', 1))];

  it('compares the last 30 s with the 5-min average per 30 s (hand case)', () => {
    const s = new OrderFlowState();
    feed(s, stream());
    const at300 = s.exhaustionReading();
    // At 300 s: 30 s = (270, 300] → buys at 280, 290, 300 = 3. 5 min = (0, 300] → 30 buys (the sell at 0
    // is on the open end) → baseline 30 × 30/300 = 3 → ratio 1: not exhausted. Warm: 300 − 0 ≥ 300.
    expect(at300.warm).toBe(true);
    expect(at300.buy).toEqual({ volume: 3, baseline: 3, ratio: 1, exhausted: false });
    // No sells in 5 min: baseline 0, ratio undefined.
    expect(at300.sell).toEqual({ volume: 0, baseline: 0, ratio: null, exhausted: false });
    // Clock at 320 s, no new trade: 30 s = (290, 320] → buy at 300 = 1; 5 min = (20, 320] → 28 buys
    // → baseline 2.8 → ratio 1/2.8 ≈ 0.357 < 0.5: buying is exhausted.
    const at320 = s.exhaustionReading(T0 + 320 * S);
    expect(at320.buy.baseline).toBeCloseTo(2.8, 14);
    expect(at320.buy.ratio).toBeCloseTo(1 / 2.8, 14);
    expect(at320.buy.exhausted).toBe(true);
    expect(at320.total.exhausted).toBe(true);
    // A buy of 0.2 at 325 s: 30 s = (295, 325] → 1 + 0.2 = 1.2; 5 min = (25, 325] → 28 + 0.2 = 28.2
    // → baseline 2.82 → ratio 1.2/2.82 ≈ 0.4255 < 0.5: still exhausted.
    s.onTrade(trade(T0 + 325 * S, 'buy', 0.2));
    const at325 = s.exhaustionReading();
    expect(at325.buy.volume).toBeCloseTo(1.2, 14);
    expect(at325.buy.ratio).toBeCloseTo(1.2 / 2.82, 13);
    expect(at325.buy.exhausted).toBe(true);
  });

  it('reports nothing until trades have been seen for the whole 5-min baseline', () => {
    const s = new OrderFlowState();
    feed(s, stream().slice(0, 30)); // last trade at 290 s: 290 − 0 < 300
    const r = s.exhaustionReading();
    expect(r.warm).toBe(false);
    expect(r.buy).toMatchObject({ baseline: null, ratio: null, exhausted: false });
  });
});

describe('OrderFlowState: volume spike and candles', () => {
  it('flags the current 1m candle against the previous periods and reports closed candles', () => {
    // 3 periods instead of 20 keeps the hand arithmetic short.
    const s = new OrderFlowState({ volumeSpike: { periods: 3 } });
    const ev = feed(s, [trade(T0, 'buy', 2), trade(T0 + M, 'buy', 4), trade(T0 + 2 * M, 'buy', 6), trade(T0 + 3 * M, 'buy', 4), trade(T0 + 3 * M + S, 'sell', 5)]);
    expect(ev).toEqual([0, OrderFlowEvent.Closed1m, OrderFlowEvent.Closed1m, OrderFlowEvent.Closed1m, 0]);
    // Minute 3 so far: 4 + 5 = 9; previous (2 + 4 + 6)/3 = 4 → 9/4 = 2.25 > 1.5.
    expect(s.volumeSpike('1m')).toEqual({ timeframe: '1m', periods: 3, current: 9, average: 4, ratio: 2.25, spike: true });
    // 5m: no 5-minute period has closed yet.
    expect(s.volumeSpike('5m')).toMatchObject({ current: 21, average: null, ratio: null });
    expect(s.candles['1m'].history.map((c) => c.volume)).toEqual([2, 4, 6]);
    // The trade at 15:00 closes the 1m, 5m and 15m candles at once.
    expect(s.onTrade(trade(T0 + 15 * M, 'buy', 1))).toBe(OrderFlowEvent.Closed1m | OrderFlowEvent.Closed5m | OrderFlowEvent.Closed15m);
  });
});

describe('OrderFlowState: contract', () => {
  it('shares a trade buffer it alone writes to, and refuses misuse', () => {
    const w = new TradeWindow(16 * M);
    const s = new OrderFlowState({}, { window: w });
    s.onTrade(trade(T0, 'buy', 1));
    expect(w.size).toBe(1);
    expect(() => s.onTrade(trade(T0 - 1, 'buy', 1))).toThrow(/time order/);
    w.push(trade(T0 + S, 'buy', 1));
    expect(() => s.onTrade(trade(T0 + 2 * S, 'buy', 1))).toThrow(/only writer/);
    expect(() => new OrderFlowState({}, { window: w })).toThrow(/empty/);
    expect(() => new OrderFlowState({}, { window: new TradeWindow(10 * M) })).toThrow(/horizon/);
  });

  it('is empty before the first trade', () => {
    const s = new OrderFlowState();
    const snap = s.snapshot(T0);
    expect(snap).toMatchObject({ at: T0, lastTradeTs: null, tradesSeen: 0, cvd: { value: 0, direction: 'flat' } });
    expect(snap.imbalance.primary).toMatchObject({ trades: 0, ratio: null, sufficient: false });
  });
});

describe('OrderFlowConfigSchema', () => {
  it('defaults to the design document’s numbers', () => {
    expect(defaultOrderFlowConfig).toEqual({
      imbalance: { windowMs: 30_000, minTrades: 5, exitWindowMs: 15_000 },
      cvd: { windowMs: 900_000, slopeWindowMs: 60_000 },
      largeTrade: { multiple: 10, averageWindowMs: 300_000, countWindowMs: 300_000, minSample: 5 },
      exhaustion: { windowMs: 30_000, baselineWindowMs: 300_000, maxRatio: 0.5 },
      volumeSpike: { periods: 20, minRatio: 1.5 },
      rebuildEvery: 4096,
    });
  });

  it('rejects unknown keys and inverted exhaustion windows', () => {
    expect(OrderFlowConfigSchema.safeParse({ imbalance: { window: 30_000 } }).success).toBe(false);
    expect(OrderFlowConfigSchema.safeParse({ exhaustion: { windowMs: 300_000, baselineWindowMs: 30_000 } }).success).toBe(false);
  });
});
