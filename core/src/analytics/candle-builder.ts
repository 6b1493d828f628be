import type { Trade } from '../model/trade.js';
import { type Candle, type Timeframe, timeframeMs } from './candle.js';

/** Start of the UTC bucket of `spanMs` holding `ts` (floor, so it holds for times before 1970 too). */
export function bucketStart(ts: number, spanMs: number): number {
  return ts - (((ts % spanMs) + spanMs) % spanMs);
}

/**
 * Builds UTC-aligned candles of one timeframe from a trade stream, keeping the last `keep` closed
 * candles. A candle closes when the first trade of a later bucket arrives (trade time, not wall time:
 * the same code replays tapes). Buckets with no trades produce no candle. Within a bucket, trades
 * count in arrival order (the close is the last one to arrive).
 *
 * Trades must arrive in time order (TradeValidator guarantees it upstream); a trade from a bucket
 * before the open candle's throws, because folding it into a later candle would be silently wrong.
 */
export class CandleBuilder {
  private current: Candle | null = null;
  /** End (exclusive) of the open candle's bucket: a trade before it needs no bucket arithmetic. */
  private currentEnd = Number.NEGATIVE_INFINITY;
  /**
   * Closed candles, oldest first: the last `keep` of them, plus up to `slack` older ones not yet cut
   * (issue 14: a shift per close on an array over 100 long is a runtime call in V8, several per cent of
   * a busy tape's analytics). The cut is made every `slack` closes, and whenever `history` is read, so
   * a reader never sees more than `keep`.
   */
  private readonly closed: Candle[] = [];
  private readonly slack: number;
  private readonly spanMs: number;

  constructor(
    readonly timeframe: Timeframe,
    private readonly keep: number,
  ) {
    if (!Number.isInteger(keep) || keep < 0) throw new Error(`CandleBuilder keep must be a non-negative integer, got ${keep}`);
    this.spanMs = timeframeMs[timeframe];
    // A quarter of `keep`, 8 to 64: the cut is rare, and few closed candles are held past their time.
    this.slack = Math.min(Math.max(keep >> 2, 8), 64);
  }

  /** Returns the candle this trade closed, if any. */
  update(t: Trade): Candle | null {
    let c = this.current;
    // Most trades land in the open candle: two comparisons instead of a floating-point modulo.
    if (c !== null && t.ts < this.currentEnd && t.ts >= c.openTime) {
      this.add(c, t);
      return null;
    }
    const openTime = bucketStart(t.ts, this.spanMs);
    let closedNow: Candle | null = null;
    if (c !== null) {
      if (openTime < c.openTime) {
        throw new Error(`${this.timeframe} candle: trade ${t.id} at ${t.ts} is before the open candle (${c.openTime}); trades must be in time order`);
      }
      closedNow = c;
      this.closed.push(c);
      // O(keep) once per `slack` candles; `history` cuts the rest when read.
      if (this.closed.length >= this.keep + this.slack) this.trim();
    }
    c = {
      timeframe: this.timeframe,
      openTime,
      open: t.price,
      high: t.price,
      low: t.price,
      close: t.price,
      volume: 0,
      buyVolume: 0,
      sellVolume: 0,
      trades: 0,
      buyTrades: 0,
      sellTrades: 0,
    };
    this.current = c;
    this.currentEnd = openTime + this.spanMs;
    this.add(c, t);
    return closedNow;
  }

  /**
   * `update(t)` for a trade its caller knows lands in the open candle's bucket (a candle is open, and
   * `t.ts` is before `openEnd` and not before the last trade): the fold without the bucket checks.
   * OrderFlowState keeps the nearest end of its three builders and takes this path on most trades,
   * so a trade reads no candle's bounds (issue 14: those reads were cache misses with 100 symbols).
   */
  addToOpen(t: Trade): void {
    this.add(this.current as Candle, t);
  }

  /** End (exclusive) of the open candle's bucket; −∞ before the first trade. */
  get openEnd(): number {
    return this.currentEnd;
  }

  private add(k: Candle, t: Trade): void {
    if (t.price > k.high) k.high = t.price;
    if (t.price < k.low) k.low = t.price;
    k.close = t.price;
    k.volume += t.amount;
    k.trades += 1;
    if (t.side === 'buy') {
      k.buyVolume += t.amount;
      k.buyTrades += 1;
    } else {
      k.sellVolume += t.amount;
      k.sellTrades += 1;
    }
  }

  /** The candle being built (not yet closed); it is mutated by later trades of its bucket. */
  get open(): Candle | null {
    return this.current;
  }

  /**
   * Closed candles, oldest first (at most `keep`). The array is the builder's own: read it again after
   * later trades rather than keeping it (it may then hold older candles until read through here).
   */
  get history(): readonly Candle[] {
    if (this.closed.length > this.keep) this.trim();
    return this.closed;
  }

  /** The newest closed candle, `history`'s last (null while it is empty): read per close, without cutting `history`. */
  get lastClosed(): Candle | null {
    const n = this.closed.length;
    return n === 0 || this.keep === 0 ? null : (this.closed[n - 1] as Candle);
  }

  /** Cuts `closed` to its last `keep`. */
  private trim(): void {
    this.closed.splice(0, this.closed.length - this.keep);
  }
}

/**
 * Folds candles of one timeframe into candles of `timeframe` (the same or a longer one that it
 * divides), one per UTC bucket that holds any input: first open, highest high, lowest low, last close,
 * and volumes and counts summed in input order. Pure; the input is not modified.
 *
 * Input must be of a single timeframe, aligned to it, and strictly increasing in `openTime`; anything
 * else throws, because a misordered fold would give a wrong open/close without any sign of it.
 */
export function foldCandles(candles: readonly Candle[], timeframe: Timeframe): Candle[] {
  const out: Candle[] = [];
  const first = candles[0];
  if (first === undefined) return out;
  const fromSpan = timeframeMs[first.timeframe];
  const toSpan = timeframeMs[timeframe];
  if (toSpan < fromSpan || toSpan % fromSpan !== 0) throw new Error(`cannot fold ${first.timeframe} candles into ${timeframe}`);
  let acc: Candle | null = null;
  let prevOpen = Number.NEGATIVE_INFINITY;
  for (const c of candles) {
    if (c.timeframe !== first.timeframe) throw new Error(`foldCandles: mixed timeframes ${first.timeframe} and ${c.timeframe}`);
    if (c.openTime <= prevOpen) throw new Error(`foldCandles: candles out of order at ${c.openTime}`);
    if (bucketStart(c.openTime, fromSpan) !== c.openTime) throw new Error(`foldCandles: ${c.timeframe} candle at ${c.openTime} is not aligned`);
    prevOpen = c.openTime;
    const openTime = bucketStart(c.openTime, toSpan);
    if (acc === null || acc.openTime !== openTime) {
      acc = { ...c, timeframe, openTime };
      out.push(acc);
      continue;
    }
    if (c.high > acc.high) acc.high = c.high;
    if (c.low < acc.low) acc.low = c.low;
    acc.close = c.close;
    acc.volume += c.volume;
    acc.buyVolume += c.buyVolume;
    acc.sellVolume += c.sellVolume;
    acc.trades += c.trades;
    acc.buyTrades += c.buyTrades;
    acc.sellTrades += c.sellTrades;
  }
  return out;
}
