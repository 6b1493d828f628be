import type { Trade } from '../model/trade.js';
import { type Candle, type Timeframe, timeframeMs } from './candle.js';

/**
 * Builds UTC-aligned candles of one timeframe from a trade stream, keeping the last `keep` closed
 * candles. A candle closes when the first trade of a later bucket arrives (trade time, not wall time:
 * the same code replays tapes). Buckets with no trades produce no candle.
 */
export class CandleBuilder {
  private current: Candle | null = null;
  private readonly closed: Candle[] = [];
  private readonly spanMs: number;

  constructor(readonly timeframe: Timeframe, private readonly keep: number) {
    this.spanMs = timeframeMs[timeframe];
  }

  /** Returns the candle this trade closed, if any. */
  update(t: Trade): Candle | null {
    const openTime = t.ts - (t.ts % this.spanMs);
    let closedNow: Candle | null = null;
    const c = this.current;
    if (c !== null && openTime !== c.openTime) {
      closedNow = c;
      this.closed.push(c);
      if (this.closed.length > this.keep) this.closed.shift();
      this.current = null;
    }
    if (this.current === null) {
      this.current = {
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
    }
    const k = this.current;
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
    return closedNow;
  }

  /** The candle being built (not yet closed). */
  get open(): Candle | null {
    return this.current;
  }

  /** Closed candles, oldest first. */
  get history(): readonly Candle[] {
    return this.closed;
  }
}
