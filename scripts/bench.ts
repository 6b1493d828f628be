// Hot-path micro benchmarks: per-trade analytics, envelope validation, paper fill. Prints one JSON
// document. Compare runs on the same machine only.
import { performance } from 'node:perf_hooks';
import {
  SymbolAnalytics,
  Topic,
  type MarketSpec,
  type Trade,
  defaultStrategyConfig,
  paperMarketFill,
  parseMessage,
  plantedTape,
} from '@cascade/core';

const market: MarketSpec = { exchange: 'bench', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 1, amountPrecision: 2, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function benchAnalytics(): object {
  // ~416 k trades: 1,200 planted cycles of 17 minutes (two weeks of a quiet symbol).
  const tape: Trade[] = plantedTape({ cycles: 1_200 });
  const a = new SymbolAnalytics(market, defaultStrategyConfig);
  for (let i = 0; i < 50_000; i++) a.onTrade(tape[i] as Trade); // warm-up (JIT), then a fresh instance
  const b = new SymbolAnalytics(market, defaultStrategyConfig);
  const lat: number[] = [];
  let setups = 0;
  const t0 = performance.now();
  for (let i = 0; i < tape.length; i++) {
    const s = i % 64 === 0 ? performance.now() : 0;
    if (b.onTrade(tape[i] as Trade).setup) setups += 1;
    if (s) lat.push((performance.now() - s) * 1e6);
  }
  const ms = performance.now() - t0;
  lat.sort((x, y) => x - y);
  return { trades: tape.length, setups, tradesPerSec: Math.round(tape.length / (ms / 1000)), latencyNs: { p50: Math.round(percentile(lat, 0.5)), p99: Math.round(percentile(lat, 0.99)), max: Math.round(lat[lat.length - 1] ?? 0) } };
}

function benchParse(): object {
  const trades = plantedTape({ cycles: 2 }).slice(0, 500);
  const msg = JSON.stringify({ type: 'trades.received', eventId: 'b', tsEvent: 1, tsInit: 1, correlationId: 'b', causationId: null, payload: { market, seq: 1, source: 'replay', trades } });
  const n = 2_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (!parseMessage(Topic.MarketTrades, msg).ok) throw new Error('bench message invalid');
  const ms = performance.now() - t0;
  return { batchTrades: 500, bytes: msg.length, batchesPerSec: Math.round(n / (ms / 1000)), tradesPerSec: Math.round((n * 500) / (ms / 1000)) };
}

function benchFill(): object {
  const n = 100_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) paperMarketFill(market, i % 2 ? 'buy' : 'sell', 100 + (i % 100) / 10, 2, { quoteNotional: '100' });
  const ms = performance.now() - t0;
  return { fillsPerSec: Math.round(n / (ms / 1000)), usPerFill: Number(((ms * 1000) / n).toFixed(2)) };
}

const out = { node: process.version, analytics: benchAnalytics(), parseTradesBatch: benchParse(), paperFill: benchFill() };
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
