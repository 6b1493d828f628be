// OrderFlowState alone per trade (candles, CVD, large-trade detection) over the planted tape.
import { OrderFlowEvent, OrderFlowState, type Trade } from '@cascade/core';
import { type BenchCase, round, rssNowMB } from '../bench-line.js';
import { benchTape } from '../planted-tape.js';

export const cases: BenchCase[] = [
  {
    name: 'orderFlow.planted',
    run() {
      const tape = benchTape();
      const warm = new OrderFlowState();
      for (let i = 0; i < Math.min(200_000, tape.length); i++) warm.onTrade(tape[i] as Trade);
      const s = new OrderFlowState();
      let large = 0;
      const t0 = performance.now();
      for (let i = 0; i < tape.length; i++) if (s.onTrade(tape[i] as Trade) & OrderFlowEvent.LargeTrade) large += 1;
      const ms = performance.now() - t0;
      // ~tens of ns per trade: timing single calls would measure the timer, so no percentiles.
      return [{ name: 'orderFlow.planted', tradesPerSec: Math.round(tape.length / (ms / 1000)), p50us: null, p99us: null, rssMB: rssNowMB(), trades: tape.length, large, nsPerTrade: round((ms * 1e6) / tape.length, 1) }];
    },
  },
];
