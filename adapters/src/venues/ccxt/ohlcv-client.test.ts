import { describe, expect, it } from 'vitest';
import { createOhlcvClient } from './ohlcv-client.js';

describe('createOhlcvClient', () => {
  it('builds a REST client of a ccxt exchange id, and none for an id ccxt does not have', () => {
    expect(typeof createOhlcvClient('binance')?.fetchOHLCV).toBe('function');
    expect(createOhlcvClient('no-such-venue')).toBeNull();
    // A name on ccxt's namespace object that is not an exchange.
    expect(createOhlcvClient('toString')).toBeNull();
  });
});
