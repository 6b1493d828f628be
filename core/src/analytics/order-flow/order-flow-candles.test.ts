import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../faults/random.js';
import type { Trade } from '../../model/trade.js';
import type { Timeframe } from '../candle.js';
import { CandleBuilder } from '../candle-builder.js';
import { OrderFlowEvent, OrderFlowState } from './order-flow-state.js';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const TFS: readonly Timeframe[] = ['1m', '5m', '15m'];
const BIT: Readonly<Record<Timeframe, number>> = { '1m': OrderFlowEvent.Closed1m, '5m': OrderFlowEvent.Closed5m, '15m': OrderFlowEvent.Closed15m };

describe('OrderFlowState candles, folded without bucket checks until the earliest open candle ends', () => {
  it('match builders fed every trade through update(): open candle, history and closed bits after each trade', () => {
    const r = new SeededRandom(1214);
    const flow = new OrderFlowState({}, { candleKeep: { '1m': 30, '5m': 12, '15m': 6 } });
    const plain = { '1m': new CandleBuilder('1m', 30), '5m': new CandleBuilder('5m', 12), '15m': new CandleBuilder('15m', 6) };
    let ts = T0 + 17_000;
    const closes = { '1m': 0, '5m': 0, '15m': 0 };
    for (let i = 0; i < 6000; i++) {
      // Bursts within a minute, trades on a bucket's first millisecond, ties, and gaps of several buckets.
      const u = r.next();
      ts += u < 0.3 ? 0 : u < 0.8 ? Math.floor(r.next() * 20_000) : u < 0.9 ? 60_000 - (ts % 60_000) : Math.floor(r.next() * 1_800_000);
      const t: Trade = { id: String(i), ts, price: 100 + Math.round((r.next() - 0.5) * 400) / 100, amount: Math.ceil(r.next() * 1024) / 1024, side: r.next() < 0.5 ? 'buy' : 'sell', sideInferred: false };
      const events = flow.onTrade(t);
      for (const tf of TFS) {
        const closed = plain[tf].update(t);
        expect((events & BIT[tf]) !== 0).toBe(closed !== null);
        if (closed !== null) closes[tf] += 1;
        expect(flow.candles[tf].open).toEqual(plain[tf].open);
        expect(flow.candles[tf].history).toEqual(plain[tf].history);
      }
    }
    // Every timeframe closed candles many times, so both paths ran on each.
    expect(Math.min(closes['1m'], closes['5m'], closes['15m'])).toBeGreaterThan(300);
  });

  it('still throws for a trade before the last one (the fast path never sees it)', () => {
    const flow = new OrderFlowState();
    flow.onTrade({ id: 'a', ts: T0 + 30_000, price: 1, amount: 1, side: 'buy', sideInferred: false });
    expect(() => flow.onTrade({ id: 'b', ts: T0 + 29_999, price: 1, amount: 1, side: 'buy', sideInferred: false })).toThrow(/time order/);
  });
});
