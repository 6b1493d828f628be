// Bytes the full analytics allocates per trade once warm (issue 14 item 1: "no allocation per trade on
// the hot path"), estimated with V8's sampling heap profiler over one steady pass: on the planted tape
// and the random walk (their candle closes and setups allocate), and on a burst of trades that close
// no candle, which isolates what an ordinary trade allocates.
import { Session } from 'node:inspector/promises';
import { type MarketSpec, SymbolAnalytics, type Trade, defaultStrategyConfig } from '@cascade/core';
import { type BenchCase, type BenchLine, round } from '../bench-line.js';
import { randomWalk, repeatedPlanted } from '../analytics/tapes.js';

const TRADES = Number(process.env.BENCH_ANALYTICS_TRADES ?? 500_000);
/** Trades of the burst, all inside one minute (after the tape, so with its state). */
const BURST = 200_000;
/**
 * Mean bytes between two samples. V8 samples allocations as a Poisson process of this mean, so the
 * samples' sizes summed estimate the bytes allocated; 256 B sees even one 16-byte number per trade.
 */
const SAMPLING_INTERVAL = 256;

const market: MarketSpec = { exchange: 'bench', marketType: 'spot', symbol: 'A/USDT', base: 'A', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };

interface ProfileNode {
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

const sumSelf = (n: ProfileNode): number => n.children.reduce((acc, c) => acc + sumSelf(c), n.selfSize);

/** Bytes allocated while `run` runs (sampled, including objects a GC has already freed). */
async function allocatedDuring(run: () => void): Promise<number> {
  const s = new Session();
  s.connect();
  try {
    await s.post('HeapProfiler.startSampling', { samplingInterval: SAMPLING_INTERVAL, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    run();
    const { profile } = await s.post('HeapProfiler.stopSampling');
    return sumSelf(profile.head as ProfileNode);
  } finally {
    s.disconnect();
  }
}

/** Feeds `trades` from index `from` to `a`, counting in `n` the trades that closed a candle and those that made a setup. */
function feed(a: SymbolAnalytics, trades: readonly Trade[], from: number, n: { closing: number; setups: number }): void {
  for (let i = from; i < trades.length; i++) {
    const o = a.onTrade(trades[i] as Trade);
    if (o.closedCandles.length > 0) n.closing += 1;
    if (o.setup !== null) n.setups += 1;
  }
}

/** The pass after a throwaway one over the same tape (the JIT has seen every path): bytes per trade, and how many trades closed a candle or made a setup. */
async function steady(name: string, tape: readonly Trade[]): Promise<BenchLine> {
  const warm = new SymbolAnalytics(market, defaultStrategyConfig);
  for (const t of tape) warm.onTrade(t);
  const a = new SymbolAnalytics(market, defaultStrategyConfig);
  const n = { closing: 0, setups: 0 };
  const bytes = await allocatedDuring(() => feed(a, tape, 0, n));
  return line(name, bytes, tape.length, { tradesClosingCandles: n.closing, setups: n.setups, bytesPerClosingTrade: n.closing > 0 ? Math.round(bytes / n.closing) : null });
}

/**
 * `BURST` trades inside the minute after the tape ends, fed to analytics that has just run the whole
 * tape (regime ready, windows and profile full): none closes a candle (the burst's first trade, which
 * closes the tape's last ones, is fed before the count starts), so what they allocate is the per-trade
 * path's own. Prices walk ±1 tick from the tape's last; amounts and sides are the tape's, in order.
 */
async function burst(name: string, tape: readonly Trade[]): Promise<BenchLine> {
  const last = tape.at(-1) as Trade;
  const start = (Math.floor(last.ts / 60_000) + 1) * 60_000;
  const trades: Trade[] = [];
  let price = Math.round(last.price * 100);
  let seed = 20261208;
  for (let i = 0; i < BURST + 1; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    price += seed % 3 === 0 ? -1 : seed % 3 === 1 ? 1 : 0;
    const src = tape[i % tape.length] as Trade;
    trades.push({ id: `burst-${i}`, ts: start + Math.floor((i * 59_000) / BURST), price: price / 100, amount: src.amount, side: src.side, sideInferred: false });
  }
  // Twice over fresh instances first, so the pass counted runs optimised code, as a live service's does.
  const run = async (): Promise<{ bytes: number; closing: number; setups: number }> => {
    const a = new SymbolAnalytics(market, defaultStrategyConfig);
    for (const t of tape) a.onTrade(t);
    a.onTrade(trades[0] as Trade);
    const n = { closing: 0, setups: 0 };
    const bytes = await allocatedDuring(() => feed(a, trades, 1, n));
    return { bytes, ...n };
  };
  await run();
  const r = await run();
  return line(name, r.bytes, BURST, { tradesClosingCandles: r.closing, setups: r.setups });
}

function line(name: string, bytes: number, trades: number, extra: Record<string, unknown>): BenchLine {
  return { name, tradesPerSec: null, p50us: null, p99us: null, rssMB: Math.round(process.memoryUsage().rss / 2 ** 20), bytesPerTrade: round(bytes / trades, 1), allocatedMB: round(bytes / 2 ** 20, 1), trades, ...extra };
}

export const cases: BenchCase[] = [
  {
    name: 'analytics.alloc',
    async run(): Promise<BenchLine[]> {
      const planted = [...repeatedPlanted(TRADES)];
      const walk = [...randomWalk(TRADES)];
      return [await steady('analytics.alloc.planted.1sym', planted), await steady('analytics.alloc.randomwalk.1sym', walk), await burst('analytics.alloc.burst', planted)];
    },
  },
];
