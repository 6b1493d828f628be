import type { ValueOf } from '../../util/value-of.js';
import type { PositionSide } from './risk-position.js';

/** §2.2.5 DumpDetector: the five early-warning signals. Any one firing = exit the position immediately. */
export const DumpSignal = {
  VolumeReversal: 'volume_reversal',
  OrderFlowFlip: 'order_flow_flip',
  LiquidityEvaporation: 'liquidity_evaporation',
  MomentumBreakdown: 'momentum_breakdown',
  ResistanceRejection: 'resistance_rejection',
} as const;
export type DumpSignal = ValueOf<typeof DumpSignal>;

/** The bullets under each signal, as written for longs (shorts are mirrored). */
export const DumpRule = {
  /** 1. "Sell volume > Buy volume for 3 consecutive 1M candles" (× 1.5 per the config). */
  SellDominantCandles: 'sell_dominant_candles',
  /** 1. "Volume spike (3x average) with price drop >0.3%". */
  VolumeSpikeDrop: 'volume_spike_drop',
  /** 2. "imbalance flips from 2.5:1 BUY to 2.5:1 SELL". */
  FlowFlip: 'flow_flip',
  /** 2. "Cascade reversal: bullish cascade → bearish cascade" (also 1.'s "aggressive selling on cascade"). */
  CascadeReversal: 'cascade_reversal',
  /** 2. "Institutional exit pattern (large sells)". */
  LargeSells: 'large_sells',
  /** 3. "DEX liquidity drops >30% in 10 minutes". */
  LiquidityDrop: 'liquidity_drop',
  /** 3. "Aggregator quote shows >10% slippage". */
  ExitSlippage: 'exit_slippage',
  /** 3. "No bids available on current position size". */
  NoBids: 'no_bids',
  /** 4. "Lower highs + lower lows pattern forming on 1M (3+ candles)". */
  LowerHighsLows: 'lower_highs_lows',
  /** 4. "Price breaks below recent swing low with volume". */
  SwingLowBreak: 'swing_low_break',
  /** 4. "Support zone broken with volume". */
  SupportBreak: 'support_break',
  /** 5. "Price hits supply zone and gets rejected (wick >0.5%)". */
  RejectionWick: 'rejection_wick',
  /** 5. "Multiple failed attempts to break resistance". */
  FailedAttempts: 'failed_attempts',
  /** 5. "Volume declining on each bounce attempt". */
  DecliningBounces: 'declining_bounces',
} as const;
export type DumpRule = ValueOf<typeof DumpRule>;

export const DumpSeverity = {
  Warning: 'warning',
  Critical: 'critical',
} as const;
export type DumpSeverity = ValueOf<typeof DumpSeverity>;

/** The document marks volume reversal and order-flow flip CRITICAL; liquidity loss is a rug warning, also critical. */
export const dumpSeverity: Record<DumpSignal, DumpSeverity> = {
  volume_reversal: 'critical',
  order_flow_flip: 'critical',
  liquidity_evaporation: 'critical',
  momentum_breakdown: 'warning',
  resistance_rejection: 'warning',
};

/** One rule that fired, with the numbers it fired on (null = unbounded ratio: no volume on the other side). */
export interface DumpFiring {
  readonly signal: DumpSignal;
  readonly rule: DumpRule;
  readonly severity: DumpSeverity;
  readonly detail: string;
  readonly values: Readonly<Record<string, number | null>>;
}

export const DumpAction = {
  ExitImmediately: 'exit_immediately',
  None: 'none',
} as const;
export type DumpAction = ValueOf<typeof DumpAction>;

/** The verdict for one side of one symbol: "any trigger = EXIT IMMEDIATELY" (§2.2.5). */
export interface DumpVerdict {
  readonly symbol: string;
  readonly side: PositionSide;
  readonly dump: boolean;
  readonly firings: readonly DumpFiring[];
  readonly action: DumpAction;
}

export function dumpVerdict(symbol: string, side: PositionSide, firings: readonly DumpFiring[]): DumpVerdict {
  const dump = firings.length > 0;
  return { symbol, side, dump, firings, action: dump ? DumpAction.ExitImmediately : DumpAction.None };
}

/** Supply/demand levels from the zone analysis, when the caller has them. */
export interface PriceZones {
  /** Demand zone / value-area low: a long's support. */
  readonly support?: number;
  /** Supply zone / value-area high: a long's resistance. */
  readonly resistance?: number;
}

export function firing(signal: DumpSignal, rule: DumpRule, detail: string, values: Record<string, number | null>): DumpFiring {
  return { signal, rule, severity: dumpSeverity[signal], detail, values };
}

/** A ratio for the wire: unbounded (division by zero) becomes null. */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
