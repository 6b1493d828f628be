import { describe, expect, it } from 'vitest';
import { parseCcxtOverrides } from './venue-markets.js';

describe('parseCcxtOverrides', () => {
  it('reads no value as no overrides and a config per exchange as it is', () => {
    expect(parseCcxtOverrides('')).toEqual({});
    expect(parseCcxtOverrides('{"binance":{"urls":{"api":{"public":"http://127.0.0.1:4010"}}}}')).toEqual({ binance: { urls: { api: { public: 'http://127.0.0.1:4010' } } } });
  });

  it('refuses a value that is not JSON, or not {exchange: config}, naming the param', () => {
    expect(() => parseCcxtOverrides('{binance:')).toThrow(/^CCXT_OVERRIDES is not JSON/);
    expect(() => parseCcxtOverrides('{"binance":"http://127.0.0.1:4010"}')).toThrow(/^CCXT_OVERRIDES must be \{exchange: ccxt config\}: binance: /);
  });
});
