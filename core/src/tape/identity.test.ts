import { describe, expect, it } from 'vitest';
import { inferTapeIdentity, splitPair, tryInferTapeIdentity } from './identity.js';

describe('inferTapeIdentity', () => {
  it.each([
    ['binance-xrpeth-trades-2019-10.json.gz', 'binance', 'XRP/ETH'],
    ['binance-btcusdt-trades-2021-01-08.parquet', 'binance', 'BTC/USDT'],
    ['BTCUSDT-aggTrades-2024-01-01.zip', 'binance', 'BTC/USDT'],
    ['BTCUSDT-trades-2025-01.zip', 'binance', 'BTC/USDT'],
    ['kraken-bcheur-trades-2023-01.csv', 'kraken', 'BCH/EUR'],
    ['truefx-usdjpy-quotes-2013-01.csv', 'truefx', 'USD/JPY'],
    ['ethusdt-trades-2023-02-02.csv', 'unknown', 'ETH/USDT'],
    ['/data/tapes/XRP_ETH-trades.json', 'unknown', 'XRP/ETH'],
    ['kraken-xbteur-trades-2023-01.csv', 'kraken', 'BTC/EUR'],
    ['BNBFDUSD-trades-2024-03.csv', 'binance', 'BNB/FDUSD'],
  ])('%s → %s %s', (name, exchange, symbol) => {
    expect(inferTapeIdentity(name)).toEqual({ exchange, symbol });
  });

  it('throws asking for the symbol when the name has no pair', () => {
    expect(() => inferTapeIdentity('trades.csv')).toThrow(/cannot infer the symbol.*BASE\/QUOTE/);
    expect(tryInferTapeIdentity('binance-trades.csv')).toEqual({ exchange: 'binance', symbol: null });
  });
});

describe('splitPair', () => {
  it('takes the longest known quote asset at the end', () => {
    expect(splitPair('BTCUSDT')).toBe('BTC/USDT');
    expect(splitPair('ETHBTC')).toBe('ETH/BTC');
    expect(splitPair('USDCUSDT')).toBe('USDC/USDT');
    expect(splitPair('BTCTUSD')).toBe('BTC/TUSD');
    expect(splitPair('ETHBUSD')).toBe('ETH/BUSD');
    expect(splitPair('BTCTRY')).toBe('BTC/TRY');
    expect(splitPair('usdjpy')).toBe('USD/JPY');
    expect(splitPair('USDT')).toBeNull(); // nothing left for the base
    expect(splitPair('FOOBAR')).toBeNull();
  });
});
