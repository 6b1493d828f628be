import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trade, WatchlistEntry } from '@cascade/core';
import { eventually } from '../../../test/support/eventually.js';
import { type FakeBinance, startFakeBinance } from '../../../test/fakes/binance/index.js';
import { openTradeFeed } from '@cascade/adapters/venues/ccxt';
import { LiveStreamSet } from './live-stream-set.js';
import { activeWatchlistSymbols, nextExpiry } from './watchlist-follow.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const entry = (symbol: string, priority: number, expiresAt: number | null): WatchlistEntry => ({
  exchange: 'binance', marketType: 'spot', symbol, source: expiresAt === null ? 'top_liquid' : 'manual', priority, addedAt: T0 - 1, expiresAt, addedBy: 't',
});

describe('activeWatchlistSymbols / nextExpiry', () => {
  const entries = [entry('ETH/USDT', 2, null), entry('PEPE/USDT', 1, T0 + 60_000), entry('BTC/USDT', 2, null), entry('OLD/USDT', 1, T0), entry('DOGE/USDT', 3, T0 + 30_000)];
  it('keeps permanent and unexpired entries, priority first then symbol', () => {
    // OLD expires at T0 exactly: expired at T0 (expiry is exclusive).
    expect(activeWatchlistSymbols(entries, T0)).toEqual(['PEPE/USDT', 'BTC/USDT', 'ETH/USDT', 'DOGE/USDT']);
    expect(activeWatchlistSymbols(entries, T0 + 30_000)).toEqual(['PEPE/USDT', 'BTC/USDT', 'ETH/USDT']);
  });
  it('names the next expiry ahead', () => {
    expect(nextExpiry(entries, T0)).toBe(T0 + 30_000);
    expect(nextExpiry(entries, T0 + 30_000)).toBe(T0 + 60_000);
    expect(nextExpiry(entries, T0 + 60_000)).toBeNull();
  });
});

describe('LiveStreamSet (real ccxt.pro against the local Binance fake)', () => {
  let fake: FakeBinance;
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('adds and drops symbols at run time while the others keep streaming', async () => {
    const feed = await openTradeFeed({ exchange: 'binance', urls: fake.ccxtUrls, timeoutMs: 5_000, options: { fetchMarkets: { types: ['spot'] } } });
    const got: { symbol: string; trade: Trade }[] = [];
    const logs: string[] = [];
    const set = new LiveStreamSet({
      feed,
      backoff: { initialMs: 20, maxMs: 200 },
      sink: async (market, trade) => void got.push({ symbol: market.symbol, trade }),
      log: (l) => logs.push(l),
    });
    const ids = (symbol: string) => got.filter((g) => g.symbol === symbol).map((g) => g.trade.id);
    const push = (symbol: string, id: number) => fake.pushTrade({ symbol, id, price: '100.00', qty: '0.10000', time: T0 + id, buyerIsMaker: false });
    try {
      set.update(['BTC/USDT']);
      await fake.untilSubscribed('btcusdt@trade');
      push('BTCUSDT', 1);
      await eventually(() => ids('BTC/USDT').length === 1, 5_000, 'BTC trade 1');

      set.update(['BTC/USDT', 'ETH/USDT', 'PEPE/USDT']);
      await fake.untilSubscribed('ethusdt@trade');
      push('ETHUSDT', 2);
      push('BTCUSDT', 3);
      await eventually(() => ids('ETH/USDT').length === 1 && ids('BTC/USDT').length === 2, 5_000, 'ETH trade 2 and BTC trade 3');
      expect(logs).toContain('streams: binance has no market PEPE/USDT; not streamed');

      set.update(['ETH/USDT']);
      await eventually(() => fake.wsRequests.some((r) => (r as { method?: string; params?: string[] }).method === 'UNSUBSCRIBE' && (r as { params: string[] }).params.includes('btcusdt@trade')), 5_000, 'UNSUBSCRIBE btcusdt@trade');
      expect(set.symbols).toEqual(['ETH/USDT']);
      // The venue no longer sends BTC; ETH goes on.
      await eventually(() => push('BTCUSDT', 4) === 0, 5_000, 'no BTC subscriber left');
      push('ETHUSDT', 5);
      await eventually(() => ids('ETH/USDT').length === 2, 5_000, 'ETH trade 5');
      expect(ids('BTC/USDT')).toEqual(['1', '3']);

      // Back on the list: streamed again.
      set.update(['ETH/USDT', 'BTC/USDT']);
      await eventually(async () => push('BTCUSDT', 6) > 0, 5_000, 'BTC subscribed again');
      await eventually(() => ids('BTC/USDT').includes('6'), 5_000, 'BTC trade 6');
      // Nothing was reconnected along the way (ccxt spreads streams over its own connections).
      expect(fake.wsConnections.length).toBe(new Set(fake.wsConnections).size);
    } finally {
      await set.close();
      await set.done;
    }
    await eventually(() => fake.openConnections === 0, 5_000, 'connection closed');
  });
});
