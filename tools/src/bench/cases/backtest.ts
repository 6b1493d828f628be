// TradingSession over a streamed ≥ 10 M-trade tape: trades/s and peak RSS (memory stays bounded).
import { TradingSession, defaultStrategyConfig } from '@cascade/core';
import { type BenchCase, round } from '../bench-line.js';
import { benchMarket, repeatedPlanted } from '../planted-tape.js';

export const cases: BenchCase[] = [
  {
    name: 'backtest.planted10M',
    run() {
      const target = Number(process.env.BENCH_BACKTEST_TRADES ?? 10_000_000);
      const s = new TradingSession(benchMarket, defaultStrategyConfig, undefined, { startingEquity: '10000' });
      let n = 0;
      let peakRss = 0;
      const rss0 = process.memoryUsage().rss;
      const t0 = performance.now();
      for (const t of repeatedPlanted(target)) {
        s.onTrade(t);
        n += 1;
        if ((n & 0xfffff) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      const ms = performance.now() - t0;
      const r = s.finish();
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      return [{ name: 'backtest.planted10M', tradesPerSec: Math.round(n / (ms / 1000)), p50us: null, p99us: null, rssMB: round(peakRss / 2 ** 20, 1), trades: n, closedTrades: r.trades.length, seconds: round(ms / 1000, 1), rssStartMB: round(rss0 / 2 ** 20, 1) }];
    },
  },
];
