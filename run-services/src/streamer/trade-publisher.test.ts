import { describe, expect, it } from 'vitest';
import { ClockSleeper, ManualClock, type MarketSpec, type MessageOf, type Topic, type Trade } from '@cascade/core';
import { TradePublisher, type TradeBus } from './trade-publisher.js';

const market: MarketSpec = { exchange: 'binance', marketType: 'spot', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', pricePrecision: 2, amountPrecision: 5, takerFee: '0.001', makerFee: '0.001', minNotional: '5' };
const trade: Trade = { id: '1', ts: 1_000, price: 100, amount: 1, side: 'buy', sideInferred: false };

/** A bus whose first `failFirst` publishes fail. */
function flakyBus(failFirst: number) {
  const seen = { publishes: 0, resumed: 0, keys: [] as (string | undefined)[] };
  const bus: TradeBus = {
    publish: async <T extends Topic>(_topic: T, _m: MessageOf<T>, key?: string) => {
      seen.publishes += 1;
      seen.keys.push(key);
      if (seen.publishes <= failFirst) throw new Error(`publish ${seen.publishes} failed`);
    },
    resumeOrdering: () => {
      seen.resumed += 1;
    },
  };
  return { bus, seen };
}

function publisher(bus: TradeBus) {
  const clock = new ManualClock(0);
  const sleeper = new ClockSleeper(clock);
  // A fixed draw of 0.5: each wait is half its ceiling.
  const pub = new TradePublisher(bus, market, 'live', () => 0, { clock, sleeper, random: { next: () => 0.5 } });
  return { pub, sleeper };
}

describe('TradePublisher: publish retries', () => {
  it('retries a failed batch, resuming the ordering key before each retry', async () => {
    const { bus, seen } = flakyBus(3);
    const { pub, sleeper } = publisher(bus);
    await pub.push(trade);
    await pub.drain();
    expect(seen.publishes).toBe(4);
    expect(seen.resumed).toBe(3);
    // Every attempt on the market's ordering key (exchange:marketType:symbol).
    expect(seen.keys).toEqual(['binance:spot:BTC/USDT', 'binance:spot:BTC/USDT', 'binance:spot:BTC/USDT', 'binance:spot:BTC/USDT']);
    expect(pub.failures).toBe(3);
    // Ceilings 200, 400, 800 ms (200 doubling), halved by the draw.
    expect(sleeper.waits).toEqual([100, 200, 400]);
  });

  it('gives up after 8 attempts with waits capped at 5 s, and the stream stops on it', async () => {
    const { bus, seen } = flakyBus(Number.POSITIVE_INFINITY);
    const { pub, sleeper } = publisher(bus);
    await pub.push(trade);
    await expect(pub.drain()).rejects.toThrow('could not publish batch 1 of binance:spot:BTC/USDT: publish 8 failed');
    expect(seen.publishes).toBe(8);
    expect(seen.resumed).toBe(7);
    expect(pub.failures).toBe(8);
    // Ceilings 200, 400, 800, 1600, 3200, min(6400, 5000), 5000, halved.
    expect(sleeper.waits).toEqual([100, 200, 400, 800, 1_600, 2_500, 2_500]);
    await expect(pub.flush()).rejects.toThrow('could not publish batch 1');
  });
});
