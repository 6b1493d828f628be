import { describe, expect, it } from 'vitest';
import { openCcxtProExchange } from './pro-exchange.js';
import { ccxtTradeFeed } from './trade-feed.js';

describe('openCcxtProExchange', () => {
  it('refuses an id ccxt.pro does not have', async () => {
    await expect(openCcxtProExchange({ exchange: 'no-such-venue' })).rejects.toThrow('ccxt.pro has no exchange "no-such-venue"');
  });
  it('passes urls, options and the timeout to the client', async () => {
    const ex = await openCcxtProExchange({ exchange: 'binance', urls: { api: { public: 'http://127.0.0.1:1/api/v3' } }, options: { fetchMarkets: { types: ['spot'] } }, timeoutMs: 1_234 });
    try {
      expect(ex.id).toBe('binance');
      expect(ex.timeout).toBe(1_234);
      expect(ex.enableRateLimit).toBe(true);
      expect(ex.options['fetchMarkets']).toMatchObject({ types: ['spot'] });
    } finally {
      await ex.close();
    }
  });
});

describe('ccxtTradeFeed', () => {
  it('switches ccxt\'s own re-dial backoff off and keeps the other ws options', async () => {
    const ex = await openCcxtProExchange({ exchange: 'binance', options: { ws: { keepAlive: 5_000, backoff: { cap: 60_000 } } } });
    try {
      const feed = ccxtTradeFeed(ex);
      expect(feed.id).toBe('binance');
      expect(ex.options['ws']).toMatchObject({ keepAlive: 5_000, backoff: { cap: 60_000, base: 0 } });
    } finally {
      await ex.close();
    }
  });
});
