// Hot-path benchmarks. Prints one JSON document; compare runs on the same machine only.
// - analytics: SymbolAnalytics per trade, the four levels on vs off (their cost, in one run);
// - orderFlow: OrderFlowState alone; regime: RegimeDetector per closed candle;
// - parse: envelope validation of a 500-trade batch; paperEntry: chain + sizing + fill per signal;
// - backtest: TradingSession over a streamed ≥ 10 M-trade tape, trades/s and peak RSS (bounded memory).
import { performance } from 'node:perf_hooks';
import { type Candle, type MarketSpec, OrderFlowEvent, OrderFlowState, RegimeDetector, StrategyConfigSchema, SymbolAnalytics, Topic, type Trade, TradingSession, defaultStrategyConfig, entryClientOrderId, newPaperAccount, paperExecuteEntry, parseMessage } from '@cascade/core';
import { repeatedPlanted } from './analytics/tapes.js';

const market: MarketSpec = { exchange: 'bench', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function timeAnalytics(tape: readonly Trade[], cfg = defaultStrategyConfig): object {
  const warm = new SymbolAnalytics(market, cfg);
  for (let i = 0; i < 50_000; i++) warm.onTrade(tape[i] as Trade); // JIT warm-up, then a fresh instance
  const b = new SymbolAnalytics(market, cfg);
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
  return { trades: tape.length, setups, tradesPerSec: Math.round(tape.length / (ms / 1000)), nsPerTrade: Math.round((ms * 1e6) / tape.length), latencyNs: { p50: Math.round(percentile(lat, 0.5)), p99: Math.round(percentile(lat, 0.99)), max: Math.round(lat[lat.length - 1] ?? 0) } };
}

function benchAnalytics(tape: readonly Trade[]): object {
  const off = StrategyConfigSchema.parse({ levels: { regimeRequired: false, zone: { required: false }, bounce: { required: false } } });
  return { levelsOn: timeAnalytics(tape), levelsOff: timeAnalytics(tape, off) };
}

function benchOrderFlow(tape: readonly Trade[]): object {
  const warm = new OrderFlowState();
  for (let i = 0; i < Math.min(200_000, tape.length); i++) warm.onTrade(tape[i] as Trade);
  const s = new OrderFlowState();
  let large = 0;
  const t0 = performance.now();
  for (let i = 0; i < tape.length; i++) if (s.onTrade(tape[i] as Trade) & OrderFlowEvent.LargeTrade) large += 1;
  const ms = performance.now() - t0;
  return { trades: tape.length, large, nsPerTrade: Number(((ms * 1e6) / tape.length).toFixed(1)), tradesPerSec: Math.round(tape.length / (ms / 1000)) };
}

function benchRegime(tape: readonly Trade[]): object {
  const flow = new OrderFlowState({}, { candleKeep: { '1m': 200_000, '5m': 10, '15m': 20_000 } });
  for (const t of tape) flow.onTrade(t);
  const c15: readonly Candle[] = flow.candles['15m'].history;
  const c1: readonly Candle[] = flow.candles['1m'].history;
  const det = new RegimeDetector();
  let t0 = performance.now();
  for (const c of c15) det.update(c);
  const us15 = ((performance.now() - t0) * 1000) / c15.length;
  t0 = performance.now();
  for (const c of c1) det.update(c);
  const ns1 = ((performance.now() - t0) * 1e6) / c1.length;
  return { candles15m: c15.length, usPer15mCandle: Number(us15.toFixed(2)), candles1m: c1.length, nsPer1mCandle: Math.round(ns1), verdict: det.evaluate().verdict };
}

function benchParse(tape: readonly Trade[]): object {
  const trades = tape.slice(0, 500);
  const msg = JSON.stringify({ type: 'trades.received', eventId: 'b', tsEvent: 1, tsInit: 1, correlationId: 'b', causationId: null, payload: { market, seq: 1, source: 'replay', trades } });
  const n = 2_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (!parseMessage(Topic.MarketTrades, msg).ok) throw new Error('bench message invalid');
  const ms = performance.now() - t0;
  return { batchTrades: 500, bytes: msg.length, batchesPerSec: Math.round(n / (ms / 1000)), tradesPerSec: Math.round((n * 500) / (ms / 1000)) };
}

function benchPaperEntry(): object {
  const n = 20_000;
  const account = newPaperAccount('USDT', '10000');
  const t0 = performance.now();
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const price = 100 + (i % 100) / 10;
    const signalId = `sig-${i}`;
    const out = paperExecuteEntry(
      { signalId, setupEventId: `s-${i}`, market, side: 'long', score: 4, strength: 'weak', explanation: [], reference: { tradeId: String(i), ts: i, price }, fillReference: { tradeId: String(i), ts: i, price, recentVolume: '50' }, triggerPublishedAt: 0, trailingStopPct: 0.005, initialStopPct: 0.0025, maxHoldMs: 300_000 },
      account,
      { tradeId: String(i), ts: i, price, recentVolume: '50' },
      defaultStrategyConfig,
    );
    if (out.ok && out.opened.positionId === entryClientOrderId(signalId)) filled += 1;
  }
  const ms = performance.now() - t0;
  return { signals: n, filled, usPerSignal: Number(((ms * 1000) / n).toFixed(2)), signalsPerSec: Math.round(n / (ms / 1000)) };
}

function benchBacktest(): object {
  const target = Number(process.env.BENCH_BACKTEST_TRADES ?? 10_000_000);
  const s = new TradingSession(market, defaultStrategyConfig, undefined, { startingEquity: '10000' });
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
  return { trades: n, closedTrades: r.trades.length, seconds: Number((ms / 1000).toFixed(1)), tradesPerSec: Math.round(n / (ms / 1000)), rssStartMB: Math.round(rss0 / 2 ** 20), rssPeakMB: Math.round(peakRss / 2 ** 20) };
}

/** Progress on stderr (stdout stays one JSON document). */
function section<T>(name: string, f: () => T): T {
  const t0 = performance.now();
  process.stderr.write(`bench: ${name}…`);
  const r = f();
  process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return r;
}

const tape = section('planted tape', () => [...repeatedPlanted(860_000)]);
const out = {
  node: process.version,
  analytics: section('analytics', () => benchAnalytics(tape)),
  orderFlow: section('order flow', () => benchOrderFlow(tape)),
  regime: section('regime', () => benchRegime(tape)),
  parseTradesBatch: section('parse', () => benchParse(tape)),
  paperEntry: section('paper entry', () => benchPaperEntry()),
  backtest: section('backtest', () => benchBacktest()),
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
