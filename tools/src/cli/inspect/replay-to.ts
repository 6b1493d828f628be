import { basename } from 'node:path';
import { type Candle, type StrategyConfig, SymbolAnalytics, type Trade, marketFromTape, tapeMarketType, timeframeMs } from '@cascade/core';
import { type Tape, readWarmupFile } from '@cascade/adapters/tape-files';
import { UsageError } from './open-tape-arg.js';

export interface ReplayResult {
  readonly analytics: SymbolAnalytics;
  readonly lastTrade: Trade;
  readonly trades: number;
  readonly warmup: { file: string; candles1m: number; candles15m: number; droppedAfterTapeStart: number } | null;
}

/**
 * Replays `tape` through a SymbolAnalytics (the class the analytics service and the backtester run),
 * seeded first with `warmupPath` when given, up to and including the last trade at or before `at`.
 * Warm-up candles that end after the tape's first trade are left out: the tape builds those itself.
 */
export async function replayTo(tape: Tape, cfg: StrategyConfig, at: number, warmupPath: string | null, market?: 'spot' | 'perp'): Promise<ReplayResult> {
  const spec = marketFromTape(tape.exchange, tape.symbol, tape.precision, tapeMarketType(tape.symbol, tape.format === 'truefx-quotes-csv', market));
  const analytics = new SymbolAnalytics(spec, cfg);
  const warmCandles = warmupPath === null ? null : await readWarmupFile(warmupPath);
  let warmup: ReplayResult['warmup'] = null;
  let first: Trade | null = null;
  let last: Trade | null = null;
  let n = 0;
  let stopped = false; // a trade after `at` was seen: the tape goes on past it
  outer: for await (const batch of tape.batches()) {
    for (const t of batch) {
      if (first === null) {
        first = t;
        if (warmCandles !== null && warmupPath !== null) {
          const keep = (cs: Candle[] | undefined) => (cs ?? []).filter((c) => c.openTime + timeframeMs[c.timeframe] <= t.ts);
          const m1 = keep(warmCandles['1m']);
          const m15 = keep(warmCandles['15m']);
          const dropped = (warmCandles['1m']?.length ?? 0) + (warmCandles['15m']?.length ?? 0) - m1.length - m15.length;
          analytics.warmUp({ '1m': m1, '15m': m15 });
          warmup = { file: basename(warmupPath), candles1m: m1.length, candles15m: m15.length, droppedAfterTapeStart: dropped };
        }
      }
      if (t.ts > at) {
        stopped = true;
        break outer;
      }
      analytics.onTrade(t);
      last = t;
      n += 1;
    }
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  if (first === null) throw new UsageError(`${tape.path} holds no trades`);
  if (last === null) throw new UsageError(`--at ${iso(at)} is before the tape's first trade (${iso(first.ts)}); give a time from ${iso(first.ts)} on`);
  if (!stopped && at > last.ts) {
    const from = tape.timeRange?.first ?? first.ts;
    throw new UsageError(`--at ${iso(at)} is after the tape's last trade (${iso(last.ts)}); give a time between ${iso(from)} and ${iso(last.ts)}`);
  }
  return { analytics, lastTrade: last, trades: n, warmup };
}
