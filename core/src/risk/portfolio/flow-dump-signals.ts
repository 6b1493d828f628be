import { DumpRule, DumpSignal, type DumpFiring, finiteOrNull, firing } from './dump-signal.js';
import type { DumpDetectionConfig } from './portfolio-risk-config.js';
import { atLeast } from './float-compare.js';
import { PositionSide } from './risk-position.js';

export interface TradeFlowReading {
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly trades: number;
  readonly largeBuys: number;
  readonly largeSells: number;
  /** The size from which a trade counted as large (NaN while there is no baseline). */
  readonly largeAt: number;
}

const NONE: readonly DumpFiring[] = Object.freeze([]);

/**
 * Per-trade dump rules for a position of `side`: the 30-s order flow flipped to a 2.5:1 imbalance
 * against it (the entry itself was a 2.5:1 imbalance for it, §2.2.2), or large trades against it.
 * Allocates only when a rule fires.
 */
export function flowDumpSignals(f: TradeFlowReading, side: PositionSide, cfg: DumpDetectionConfig): readonly DumpFiring[] {
  const of = cfg.orderFlowFlip;
  const long = side === PositionSide.Long;
  const adverse = long ? f.sellVolume : f.buyVolume;
  const favourable = long ? f.buyVolume : f.sellVolume;
  const flipped = f.trades >= of.minTrades && adverse > 0 && (favourable === 0 || atLeast(adverse / favourable, of.imbalanceThreshold));
  const bigAgainst = long ? f.largeSells : f.largeBuys;
  const large = bigAgainst >= of.largeTradeMinCount;
  if (!flipped && !large) return NONE;
  const out: DumpFiring[] = [];
  if (flipped) {
    const r = favourable > 0 ? adverse / favourable : Number.POSITIVE_INFINITY;
    out.push(
      firing(DumpSignal.OrderFlowFlip, DumpRule.FlowFlip, `order flow ${Number.isFinite(r) ? r.toFixed(3) : '∞'}:1 ${long ? 'sell' : 'buy'} over ${of.windowMs / 1000} s (${f.trades} trades) ≥ ${of.imbalanceThreshold}:1`, {
        buyVolume: f.buyVolume,
        sellVolume: f.sellVolume,
        adverseRatio: finiteOrNull(r),
        trades: f.trades,
      }),
    );
  }
  if (large) {
    out.push(
      firing(DumpSignal.OrderFlowFlip, DumpRule.LargeSells, `${bigAgainst} large ${long ? 'sells' : 'buys'} (≥ ${f.largeAt}) within ${of.windowMs / 1000} s`, {
        count: bigAgainst,
        largeAt: f.largeAt,
      }),
    );
  }
  return out;
}
