// SymbolAnalytics per trade over the planted tape, the four levels on vs off (their cost, in one run).
import { StrategyConfigSchema, SymbolAnalytics, type StrategyConfig, type Trade, defaultStrategyConfig } from '@cascade/core';
import { type BenchCase, type BenchLine, percentile, round, rssNowMB } from '../bench-line.js';
import { benchMarket, benchTape } from '../planted-tape.js';

function timeAnalytics(name: string, cfg: StrategyConfig): BenchLine {
  const tape = benchTape();
  const warm = new SymbolAnalytics(benchMarket, cfg);
  for (let i = 0; i < 50_000; i++) warm.onTrade(tape[i] as Trade); // JIT warm-up, then a fresh instance
  const b = new SymbolAnalytics(benchMarket, cfg);
  const lat: number[] = [];
  let setups = 0;
  const t0 = performance.now();
  for (let i = 0; i < tape.length; i++) {
    // Every 64th trade timed alone: the percentiles, at ~1.5 % cost to the throughput figure.
    const s = i % 64 === 0 ? performance.now() : 0;
    if (b.onTrade(tape[i] as Trade).setup) setups += 1;
    if (s) lat.push((performance.now() - s) * 1000);
  }
  const ms = performance.now() - t0;
  lat.sort((x, y) => x - y);
  return { name, tradesPerSec: Math.round(tape.length / (ms / 1000)), p50us: round(percentile(lat, 0.5), 3), p99us: round(percentile(lat, 0.99), 3), rssMB: rssNowMB(), trades: tape.length, setups, nsPerTrade: Math.round((ms * 1e6) / tape.length), maxUs: round(lat.at(-1) ?? 0, 1) };
}

const levelsOff = () => StrategyConfigSchema.parse({ levels: { regimeRequired: false, zone: { required: false }, bounce: { required: false } } });

export const cases: BenchCase[] = [
  { name: 'analytics.planted.levelsOn', run: () => [timeAnalytics('analytics.planted.levelsOn', defaultStrategyConfig)] },
  { name: 'analytics.planted.levelsOff', run: () => [timeAnalytics('analytics.planted.levelsOff', levelsOff())] },
];
