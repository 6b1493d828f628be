// Envelope validation (zod) of a 500-trade market.trades message, as the analytics service parses each batch.
import { Topic, parseMessage } from '@cascade/core';
import { type BenchCase, percentile, round, rssNowMB } from '../bench-line.js';
import { benchMarket, benchTape } from '../planted-tape.js';

export const cases: BenchCase[] = [
  {
    name: 'parse.tradesBatch500',
    run() {
      const trades = benchTape().slice(0, 500);
      const msg = JSON.stringify({ type: 'trades.received', eventId: 'b', tsEvent: 1, tsInit: 1, correlationId: 'b', causationId: null, payload: { market: benchMarket, seq: 1, source: 'replay', trades } });
      const n = 2_000;
      const lat: number[] = [];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        if (!parseMessage(Topic.MarketTrades, msg).ok) throw new Error('bench message invalid');
        lat.push((performance.now() - s) * 1000);
      }
      const ms = performance.now() - t0;
      lat.sort((a, b) => a - b);
      // p50us/p99us per 500-trade batch.
      return [{ name: 'parse.tradesBatch500', tradesPerSec: Math.round((n * 500) / (ms / 1000)), p50us: round(percentile(lat, 0.5), 1), p99us: round(percentile(lat, 0.99), 1), rssMB: rssNowMB(), batchTrades: 500, bytes: msg.length, batchesPerSec: Math.round(n / (ms / 1000)) }];
    },
  },
];
