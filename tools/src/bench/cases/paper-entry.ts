// Paper entry per signal: the entry chain, sizing and the simulated fill.
import { defaultStrategyConfig, entryClientOrderId, newPaperAccount, paperExecuteEntry } from '@cascade/core';
import { type BenchCase, percentile, round, rssNowMB } from '../bench-line.js';
import { benchMarket as market } from '../planted-tape.js';

export const cases: BenchCase[] = [
  {
    name: 'paperEntry',
    run() {
      const n = 20_000;
      const account = newPaperAccount('USDT', '10000');
      const lat: number[] = [];
      let filled = 0;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const price = 100 + (i % 100) / 10;
        const signalId = `sig-${i}`;
        const s = performance.now();
        const out = paperExecuteEntry(
          { signalId, setupEventId: `s-${i}`, market, side: 'long', score: 4, strength: 'weak', explanation: [], reference: { tradeId: String(i), ts: i, price }, fillReference: { tradeId: String(i), ts: i, price, recentVolume: '50' }, triggerPublishedAt: 0, trailingStopPct: 0.005, initialStopPct: 0.0025, maxHoldMs: 300_000 },
          account,
          { tradeId: String(i), ts: i, price, recentVolume: '50' },
          defaultStrategyConfig,
        );
        lat.push((performance.now() - s) * 1000);
        if (out.ok && out.opened.positionId === entryClientOrderId(signalId)) filled += 1;
      }
      const ms = performance.now() - t0;
      lat.sort((a, b) => a - b);
      // Not about trades: p50us/p99us per signal.
      return [{ name: 'paperEntry', tradesPerSec: null, p50us: round(percentile(lat, 0.5), 2), p99us: round(percentile(lat, 0.99), 2), rssMB: rssNowMB(), signals: n, filled, signalsPerSec: Math.round(n / (ms / 1000)) }];
    },
  },
];
