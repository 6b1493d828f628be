import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBinance, type FakeTicker24h, fakeSymbol, startFakeBinance } from '../../fakes/binance/index.js';
import { rankLiquidity } from '../../../functions/src/jobs/liquidity-rank.js';
import { CcxtVenueMarkets } from '../../../adapters/src/venues/ccxt/venue-markets.js';

// The venue as these tests define it: five USDT pairs, one BTC-quoted pair, a stablecoin pair and a halted pair.
const symbols = [fakeSymbol('BTC', 'USDT'), fakeSymbol('ETH', 'USDT'), fakeSymbol('SOL', 'USDT'), fakeSymbol('XRP', 'USDT'), fakeSymbol('DOGE', 'USDT'), fakeSymbol('ETH', 'BTC'), fakeSymbol('USDC', 'USDT'), fakeSymbol('LUNA', 'USDT', 'BREAK')];
const tick = (symbol: string, quoteVolume: string, count: number, bidPrice: string, askPrice: string): FakeTicker24h => ({ symbol, lastPrice: '100', bidPrice, askPrice, volume: '1', quoteVolume, count });
const tickers = [
  tick('BTCUSDT', '5000', 400, '99.995', '100.005'),
  tick('ETHUSDT', '4000', 500, '99.99', '100.01'),
  tick('SOLUSDT', '3000', 300, '99.9975', '100.0025'),
  tick('XRPUSDT', '2000', 100, '99.96', '100.04'),
  tick('DOGEUSDT', '1000', 200, '99.98', '100.02'),
  tick('ETHBTC', '900000', 900000, '0.0299', '0.0301'),
  tick('USDCUSDT', '900000', 900000, '0.9999', '1.0001'),
  tick('LUNAUSDT', '900000', 900000, '0.9', '1.1'),
];

let fake: FakeBinance;
let venue: CcxtVenueMarkets;
beforeAll(async () => {
  fake = await startFakeBinance({ symbols, tickers });
  venue = new CcxtVenueMarkets({ overrides: { binance: fake.ccxtConfig } });
});
afterAll(async () => {
  await fake?.close();
});

describe('CcxtVenueMarkets.lookup (real ccxt against a local Binance exchangeInfo)', () => {
  it('finds a market by unified symbol and by venue id, case-insensitively', async () => {
    expect(await venue.lookup('binance', 'spot', 'ETH/USDT')).toEqual({ kind: 'found', symbol: 'ETH/USDT', active: true });
    expect(await venue.lookup('binance', 'spot', 'DOGEUSDT')).toEqual({ kind: 'found', symbol: 'DOGE/USDT', active: true });
    expect(await venue.lookup('binance', 'spot', 'dogeusdt')).toEqual({ kind: 'found', symbol: 'DOGE/USDT', active: true });
  });
  it('reports a halted market as found but inactive', async () => {
    expect(await venue.lookup('binance', 'spot', 'LUNAUSDT')).toEqual({ kind: 'found', symbol: 'LUNA/USDT', active: false });
  });
  it('refuses unknown symbols, a market type the venue does not list, and unknown venues', async () => {
    expect((await venue.lookup('binance', 'spot', 'PEPEUSDT')).kind).toBe('unknown-symbol');
    expect((await venue.lookup('binance', 'perp', 'BTCUSDT')).kind).toBe('unknown-symbol');
    expect((await venue.lookup('notanexchange', 'spot', 'BTCUSDT')).kind).toBe('unknown-venue');
    expect((await venue.lookup('binance', 'forex', 'EURUSD')).kind).toBe('unknown-venue');
  });
  it('loads the markets once per instance', () => {
    expect(fake.requestLines.filter((r) => r.startsWith('GET /api/v3/exchangeInfo'))).toHaveLength(1);
    expect(fake.unhandled).toEqual([]);
  });
});

describe('CcxtVenueMarkets.tickers → rankLiquidity', () => {
  it('reads volume, trade count and quotes from ticker/24hr and ranks them as computed by hand', async () => {
    const t = await venue.tickers('binance', 'spot');
    expect(t.find((x) => x.symbol === 'BTC/USDT')).toEqual({ symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', active: true, quoteVolume: 5000, trades24h: 400, bid: 99.995, ask: 100.005 });
    // Same hand computation as liquidity-rank.test.ts (scores .875, .775, .6, .125, .125): ETH/BTC,
    // USDC/USDT and the halted LUNA/USDT are not eligible whatever their volume.
    expect(rankLiquidity(t, { topN: 15 }).map((m) => m.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT']);
    expect(fake.requestLines.some((r) => r === 'GET /api/v3/ticker/24hr')).toBe(true);
  });
});
