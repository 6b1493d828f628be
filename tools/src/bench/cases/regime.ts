// RegimeDetector per closed candle: the 15m candles of the planted tape (each timed), then its 1m ones.
import { type Candle, OrderFlowState, RegimeDetector } from '@cascade/core';
import { type BenchCase, percentile, round, rssNowMB } from '../bench-line.js';
import { benchTape } from '../planted-tape.js';

export const cases: BenchCase[] = [
  {
    name: 'regime.planted',
    run() {
      const flow = new OrderFlowState({}, { candleKeep: { '1m': 200_000, '5m': 10, '15m': 20_000 } });
      for (const t of benchTape()) flow.onTrade(t);
      const c15: readonly Candle[] = flow.candles['15m'].history;
      const c1: readonly Candle[] = flow.candles['1m'].history;
      const det = new RegimeDetector();
      const lat: number[] = [];
      for (const c of c15) {
        const s = performance.now();
        det.update(c);
        lat.push((performance.now() - s) * 1000);
      }
      lat.sort((a, b) => a - b);
      const t0 = performance.now();
      for (const c of c1) det.update(c);
      const ns1 = ((performance.now() - t0) * 1e6) / c1.length;
      // Not about trades: p50us/p99us are per 15m candle update.
      return [{ name: 'regime.planted', tradesPerSec: null, p50us: round(percentile(lat, 0.5), 2), p99us: round(percentile(lat, 0.99), 2), rssMB: rssNowMB(), candles15m: c15.length, usPer15mCandle: round(lat.reduce((a, b) => a + b, 0) / lat.length, 2), candles1m: c1.length, nsPer1mCandle: Math.round(ns1), verdict: det.evaluate().verdict }];
    },
  },
];
