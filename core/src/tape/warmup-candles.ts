import { type Candle, type Timeframe, timeframeMs } from '../analytics/candle.js';
import { bucketStart, foldCandles } from '../analytics/candle-builder.js';
import type { CandleRow } from './kline-csv.js';

/** Candles a warm-up file seeds the regime with, per timeframe the analytics warm from. */
export interface WarmupCandles {
  '1m'?: Candle[];
  '15m'?: Candle[];
}

const byDuration: readonly Timeframe[] = ['1m', '5m', '15m'];

/**
 * The timeframe of a candle series, from the smallest gap between consecutive open times (a real
 * file skips empty intervals, so the smallest gap, not the first, is the candle length). Throws when
 * it is not 1m, 5m or 15m, or when fewer than two candles leave it unknown.
 */
export function detectCandleTimeframe(rows: readonly CandleRow[], source = 'candle file'): Timeframe {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows.length; i++) {
    const d = (rows[i] as CandleRow).openTime - (rows[i - 1] as CandleRow).openTime;
    if (d > 0 && d < min) min = d;
  }
  if (!Number.isFinite(min)) throw new Error(`${source}: needs at least two candles to tell their timeframe`);
  const tf = byDuration.find((t) => timeframeMs[t] === min);
  if (tf === undefined) {
    throw new Error(`${source}: candles are ${min / 60_000} min apart; warm-up reads 1m, 5m or 15m candles (download --interval 1m or 15m)`);
  }
  return tf;
}

/**
 * Turns the rows of one warm-up file into the candles the analytics warm from. Rows are sorted by open
 * time; a repeated open time throws (overlapping downloads concatenated: say which copy to keep).
 * Zero-volume candles are dropped, as ohlcv-warmup.ts drops them: the candle builder makes no candle
 * for an interval without trades, so warm and replayed history look alike. 1m input also gives 15m
 * (folded) and 5m gives 15m; a trailing 15m bucket the input does not cover to its last candle is
 * left out, since a partly built candle would read as a real one to ATR and ADX.
 */
export function warmupCandlesFromRows(rows: readonly CandleRow[], source = 'candle file'): WarmupCandles {
  const sorted = [...rows].sort((a, b) => a.openTime - b.openTime);
  const tf = detectCandleTimeframe(sorted, source);
  const span = timeframeMs[tf];
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i] as CandleRow;
    if (bucketStart(r.openTime, span) !== r.openTime) throw new Error(`${source}: candle at ${new Date(r.openTime).toISOString()} is not aligned to ${tf}`);
    if (i > 0 && (sorted[i - 1] as CandleRow).openTime === r.openTime) {
      throw new Error(`${source}: two candles open at ${new Date(r.openTime).toISOString()}; the file repeats a period (remove the overlap)`);
    }
  }
  const candles: Candle[] = sorted.filter((r) => r.volume > 0).map((r) => ({ timeframe: tf, ...r }));
  if (tf === '15m') return { '15m': candles };
  const lastOpen = (sorted[sorted.length - 1] as CandleRow).openTime;
  const m15 = foldCandles(candles, '15m').filter((c) => c.openTime + timeframeMs['15m'] <= lastOpen + span);
  return tf === '1m' ? { '1m': candles, '15m': m15 } : { '15m': m15 };
}
