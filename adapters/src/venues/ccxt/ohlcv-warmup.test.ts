import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ccxt from 'ccxt';
import type { Exchange } from 'ccxt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Candle, MarketSpec, Timeframe } from '@cascade/core';
import { TradingStore } from '../../duckdb/trading-store.js';
import { type FakeBinance, type FakeKline, startFakeBinance } from '../../../../test/fakes/binance/index.js';
import { DEFAULT_WARMUP_CANDLES, hasAggressorSplit, warmUpCandles } from './ohlcv-warmup.js';

const MIN = 60_000;
const SPAN: Record<Timeframe, number> = { '1m': MIN, '5m': 5 * MIN, '15m': 15 * MIN };
// Start of the service: 2026-01-01T12:07:30Z. Open candles then: 1m 12:07, 5m 12:05, 15m 12:00.
const NOW = Date.UTC(2026, 0, 1, 12, 7, 30);
const OPEN: Record<Timeframe, number> = { '1m': Date.UTC(2026, 0, 1, 12, 7), '5m': Date.UTC(2026, 0, 1, 12, 5), '15m': Date.UTC(2026, 0, 1, 12, 0) };

const BTC_USDT: MarketSpec = {
  exchange: 'binance', marketType: 'spot', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT',
  pricePrecision: 2, amountPrecision: 5, takerFee: '0.001', makerFee: '0.001', minNotional: '5',
};

/** Kline k intervals before the open one (k = 0 is the candle still open at NOW). Literal decimals. */
function kline(tf: Timeframe, k: number, volume?: string): FakeKline {
  const base = 87000 + (k % 50) * 1.25;
  return {
    openTime: OPEN[tf] - k * SPAN[tf],
    open: base.toFixed(2),
    high: (base + 10.5).toFixed(2),
    low: (base - 7.25).toFixed(2),
    close: (base + 2.01).toFixed(2),
    volume: volume ?? (1 + (k % 8) / 8).toFixed(8),
    trades: 100 + k,
  };
}

/** What fetchOHLCV must make of a kline: its decimals parsed, the aggressor split unknown. */
function asCandle(tf: Timeframe, k: FakeKline): Candle {
  return {
    timeframe: tf, openTime: k.openTime, open: Number(k.open), high: Number(k.high), low: Number(k.low), close: Number(k.close), volume: Number(k.volume),
    buyVolume: NaN, sellVolume: NaN, trades: NaN, buyTrades: NaN, sellTrades: NaN,
  };
}

let fake: FakeBinance;
let exchange: Exchange;
beforeAll(async () => {
  fake = await startFakeBinance({ now: () => NOW });
});
afterAll(async () => {
  await fake.close();
});

const cleanups: (() => Promise<void>)[] = [];
beforeEach(() => {
  fake.failKlines(null);
  for (const tf of ['1m', '5m', '15m'] as const) fake.setKlines('BTCUSDT', tf, []);
  // A real ccxt binance client pointed at the fake: only the spot exchangeInfo and klines are asked for.
  exchange = new ccxt.binance({ urls: fake.ccxtUrls, timeout: 5_000, options: { fetchMarkets: { types: ['spot'] } } });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function storeFor(): Promise<TradingStore> {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-warmup-'));
  const store = new TradingStore({ rootDir: dir });
  cleanups.push(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return store;
}

function klineRequests(interval: string): URLSearchParams[] {
  return fake.requestLines
    .filter((r) => r.startsWith('GET /api/v3/klines?'))
    .map((r) => new URLSearchParams(r.slice(r.indexOf('?') + 1)))
    .filter((q) => q.get('interval') === interval);
}

describe('warmUpCandles against a local fake of Binance GET /api/v3/klines', () => {
  it('loads the last n closed candles of each timeframe through ccxt fetchOHLCV, leaving the open one out', async () => {
    const served: Record<Timeframe, FakeKline[]> = { '1m': [], '5m': [], '15m': [] };
    for (const tf of ['1m', '5m', '15m'] as const) {
      served[tf] = Array.from({ length: DEFAULT_WARMUP_CANDLES[tf] + 10 }, (_, k) => kline(tf, k));
      fake.setKlines('BTCUSDT', tf, served[tf]);
    }
    const before = fake.requestLines.length;
    const r = await warmUpCandles({ exchange, symbol: 'BTC/USDT', now: NOW });

    expect(DEFAULT_WARMUP_CANDLES).toEqual({ '1m': 120, '5m': 48, '15m': 120 });
    for (const tf of ['1m', '5m', '15m'] as const) {
      const n = DEFAULT_WARMUP_CANDLES[tf];
      // Klines k = n … 1 (oldest first): the n intervals before the open one.
      const want = Array.from({ length: n }, (_, i) => asCandle(tf, served[tf][n - i] as FakeKline));
      expect(r.candles[tf], tf).toEqual(want);
      expect(r.candles[tf][0]?.openTime).toBe(OPEN[tf] - n * SPAN[tf]);
      expect(r.candles[tf].at(-1)?.openTime).toBe(OPEN[tf] - SPAN[tf]);
      expect(r.candles[tf].some(hasAggressorSplit)).toBe(false);
      expect(r.report[tf]).toEqual({ fromStore: 0, fromVenue: n, replaced: 0, requests: 1, venueError: null, storeError: null });
      // One request from the first wanted open time, asking for exactly n klines.
      const [q] = klineRequests(tf);
      expect(q?.get('symbol')).toBe('BTCUSDT');
      expect(q?.get('startTime')).toBe(String(OPEN[tf] - n * SPAN[tf]));
      expect(q?.get('limit')).toBe(String(n));
    }
    expect(fake.requestLines.slice(before).filter((q) => !q.startsWith('GET /api/v3/klines?')).every((q) => q.startsWith('GET /api/v3/exchangeInfo'))).toBe(true);
    expect(fake.unhandled).toEqual([]);
  });

  it('pages forward when one request cannot hold the history (Binance: 1000 klines at most)', async () => {
    const served = Array.from({ length: 1600 }, (_, k) => kline('1m', k));
    fake.setKlines('BTCUSDT', '1m', served);
    const before = klineRequests('1m').length;
    const r = await warmUpCandles({ exchange, symbol: 'BTC/USDT', now: NOW, candles: { '1m': 1500, '5m': 0, '15m': 0 } });
    expect(r.candles['1m']).toHaveLength(1500);
    expect(r.candles['1m'].map((c) => c.openTime)).toEqual(Array.from({ length: 1500 }, (_, i) => OPEN['1m'] - (1500 - i) * MIN));
    expect(r.candles['5m']).toEqual([]);
    expect(r.report['1m'].requests).toBe(2);
    // 1000 from 12:07 − 1500 min, then the remaining 500 from where the first page ended.
    expect(klineRequests('1m').slice(before).map((q) => [Number(q.get('startTime')), Number(q.get('limit'))])).toEqual([
      [OPEN['1m'] - 1500 * MIN, 1000],
      [OPEN['1m'] - 500 * MIN, 500],
    ]);
  });

  it('keeps a stored candle that matches the venue (with its aggressor split) and replaces a partial one', async () => {
    // Venue: the 10 intervals before 12:07, the one at 12:02 empty (volume 0).
    const served = Array.from({ length: 11 }, (_, k) => kline('1m', k, k === 5 ? '0.00000000' : undefined));
    fake.setKlines('BTCUSDT', '1m', served);
    const store = await storeFor();
    const sym = store.forMarket(BTC_USDT);
    const complete = { ...asCandle('1m', served[3] as FakeKline), buyVolume: 0.75, sellVolume: Number(served[3]?.volume) - 0.75, trades: 103, buyTrades: 60, sellTrades: 43 };
    // Built from the trades after a restart at 12:05:40: same open time, less volume.
    const partial = { ...asCandle('1m', served[2] as FakeKline), volume: 0.5, buyVolume: 0.5, sellVolume: 0, trades: 3, buyTrades: 3, sellTrades: 0 };
    // 11:56, before the venue's window: it fills the slot the empty interval left.
    const older = { ...asCandle('1m', kline('1m', 11)), buyVolume: 1, sellVolume: Number(kline('1m', 11).volume) - 1, trades: 9, buyTrades: 5, sellTrades: 4 };
    for (const c of [older, complete, partial]) sym.appendCandle(c);

    const r = await warmUpCandles({ exchange, symbol: 'BTC/USDT', now: NOW, store: sym, candles: { '1m': 10, '5m': 0, '15m': 0 } });
    const venue = (k: number) => asCandle('1m', served[k] as FakeKline);
    expect(r.candles['1m']).toEqual([older, venue(10), venue(9), venue(8), venue(7), venue(6), venue(4), complete, venue(2), venue(1)]);
    expect(r.candles['1m'].filter(hasAggressorSplit)).toEqual([older, complete]);
    expect(r.report['1m']).toEqual({ fromStore: 2, fromVenue: 8, replaced: 1, requests: 1, venueError: null, storeError: null });
  });

  it('uses the store alone when the venue fails, and says why', async () => {
    fake.setKlines('BTCUSDT', '15m', Array.from({ length: 5 }, (_, k) => kline('15m', k)));
    fake.failKlines({ status: 503, code: -1008, msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.' });
    const store = await storeFor();
    const sym = store.forMarket(BTC_USDT);
    const stored = [3, 2, 1].map((k) => ({ ...asCandle('15m', kline('15m', k)), buyVolume: 1, sellVolume: 0.125, trades: 10, buyTrades: 6, sellTrades: 4 }));
    for (const c of stored) sym.appendCandle(c);
    const r = await warmUpCandles({ exchange, symbol: 'BTC/USDT', now: NOW, store: sym, candles: { '1m': 0, '5m': 0, '15m': 4 } });
    expect(r.candles['15m']).toEqual(stored);
    expect(r.report['15m']).toMatchObject({ fromStore: 3, fromVenue: 0, replaced: 0, requests: 1, storeError: null });
    // ccxt raises the venue's error body as an ExchangeError; the warm-up goes on without the venue.
    expect(r.report['15m'].venueError).toMatch(/^ExchangeError: binance \{"code":-1008,/);
  });

  it('refuses a negative or fractional candle count', async () => {
    await expect(warmUpCandles({ exchange, symbol: 'BTC/USDT', now: NOW, candles: { '1m': -1 } })).rejects.toThrow('non-negative integer');
    await expect(warmUpCandles({ exchange, symbol: 'BTC/USDT', now: NOW, candles: { '5m': 1.5 } })).rejects.toThrow('non-negative integer');
  });
});
