import { describe, expect, it } from 'vitest';
import { streamStatusDoc } from './stream-status-doc.js';

describe('stream_status document from /status', () => {
  it('live: one row per symbol with state, last trade, reconnects, open gaps and the last error', () => {
    const read = {
      state: 'running', errors: 0, published: 1234.0, symbols: ['BTC/USDT'],
      streams: { connectionLostAfterMs: 30_000, symbols: [{ symbol: 'BTC/USDT', state: 'reconnecting', lastTradeTs: 5, lastTradeAt: 6, reconnects: 2, failures: 3, gapFilledTrades: 10, gapsOpen: 1, disconnectedSince: 7, lastError: 'socket closed' }] },
    };
    expect(streamStatusDoc(read, { exchange: 'binance', mode: 'live', at: 100 })).toEqual({
      exchange: 'binance', mode: 'live', state: 'running', updatedAt: 100, tradesPublished: 1234, tradesPerSec: 0,
      symbols: [{ symbol: 'BTC/USDT', state: 'reconnecting', lastTradeAt: 6, reconnects: 2, gapsOpen: 1, lastError: 'socket closed' }],
    });
  });
  it('replay: the tape as one row', () => {
    const read = { state: 'running', tape: '/t.csv', symbol: 'ETH/USDT', published: 10, batches: 1, tapeTs: 0, firstTs: 0, lastTs: 0, progress: 0.5, tradesPerSec: 12.5, rejected: {}, error: null, publishedAtDone: null };
    expect(streamStatusDoc(read, { exchange: 'binance', mode: 'replay', at: 7 }).symbols).toEqual([{ symbol: 'ETH/USDT', state: 'running', lastTradeAt: null, reconnects: 0, gapsOpen: 0, lastError: null }]);
  });
  it('a /status it does not understand is an error naming the field', () => {
    expect(() => streamStatusDoc({ published: 1 }, { exchange: 'x', mode: 'live', at: 0 })).toThrow(/state/);
  });
});
