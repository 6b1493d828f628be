import { type Candle, timeframeMs } from '../analytics/candle.js';
import type { WarmUpStat } from './backtest-result.js';

export interface WarmUpHistory {
  readonly '1m'?: readonly Candle[];
  readonly '15m'?: readonly Candle[];
}

/**
 * The part of a warm-up history that ended before the tape's first trade: a candle is kept when
 * openTime + its length ≤ firstTradeTs. A later candle would overlap the candles the tape builds
 * itself (the regime would see one interval twice, or a future one), so it is dropped and counted.
 */
export function warmUpBefore(history: WarmUpHistory, firstTradeTs: number): { history: { '1m': Candle[]; '15m': Candle[] }; dropped: number } {
  const keep = (cs: readonly Candle[] | undefined): Candle[] => (cs ?? []).filter((c) => c.openTime + timeframeMs[c.timeframe] <= firstTradeTs);
  const m1 = keep(history['1m']);
  const m15 = keep(history['15m']);
  const dropped = (history['1m']?.length ?? 0) - m1.length + (history['15m']?.length ?? 0) - m15.length;
  return { history: { '1m': m1, '15m': m15 }, dropped };
}

/** What `SymbolAnalytics.regimeWarmUp` reports, as much as the summary needs. */
export interface RegimeWarmUpReading {
  readonly seeded: { readonly '1m': number; readonly '15m': number } | null;
  readonly dropped: number;
  readonly firstTradeTs: number | null;
  readonly readyTs: number | null;
  readonly candlesNeeded15m: number;
}

/**
 * The warm-up as reported: tape time from the first trade to the first trade at which Level 1 had every
 * value, or to `lastTs` while it still has not (then `ready` is false). 0 before any trade.
 */
export function warmUpStat(w: RegimeWarmUpReading, lastTs: number): WarmUpStat {
  const first = w.firstTradeTs ?? lastTs;
  return {
    seeded: w.seeded ? { '1m': w.seeded['1m'], '15m': w.seeded['15m'] } : null,
    dropped: w.dropped,
    candlesNeeded15m: w.candlesNeeded15m,
    warmingUpMs: Math.max(0, (w.readyTs ?? lastTs) - first),
    ready: w.readyTs !== null,
  };
}
