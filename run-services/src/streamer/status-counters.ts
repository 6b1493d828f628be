import type { MarketSpec, RejectReason } from '@cascade/core';
import type { TradePublisher } from './trade-publisher.js';

/** The counters on a live streamer's /status that its stream callbacks keep. */
export interface StreamCounters {
  errors: number;
  rejected: number;
  duplicates: number;
}

/**
 * `onError` and `onReject` for `runLiveStreams` (or a `LiveStreamSet`) that count into `status`: a
 * failed `loadMarkets` or `watchTrades` is an error and a log line; a dropped trade is a duplicate
 * (routine) or a rejection.
 */
export function countStreamEvents(status: StreamCounters) {
  return {
    onError: (symbol: string | null, e: unknown, retryInMs: number): void => {
      status.errors += 1;
      console.error(`streamer: ${symbol === null ? 'loadMarkets' : `watchTrades ${symbol}`} failed: ${(e as Error).message}; retrying in ${retryInMs} ms`);
    },
    onReject: (_market: MarketSpec, reason: RejectReason): void => {
      if (reason === 'duplicate') status.duplicates += 1;
      else status.rejected += 1;
    },
  };
}

/** Trades published so far by every market's publisher. */
export function publishedCount(pubs: ReadonlyMap<string, TradePublisher>): number {
  return [...pubs.values()].reduce((a, p) => a + p.published, 0);
}
