import type { ValueOf } from '@cascade/core';

/**
 * Rows of the analytics tables (§2.2.7). Analytics values are doubles, as the analytics compute them;
 * the store rounds prices to the market's price precision and volumes to its amount precision on the
 * way in. Times are UTC epoch milliseconds.
 */

/** One row of `order_flow` (§2.2.7: 1-minute aggregation). */
export interface OrderFlowRow {
  readonly ts: number;
  readonly cvd: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  /** buy/sell; null when sell volume is zero (decisions: the ratio is undefined there). */
  readonly imbalanceRatio: number | null;
  /** buy − sell */
  readonly delta: number;
  /** Means, not money; null when there was no trade on that side. */
  readonly avgBuySize: number | null;
  readonly avgSellSize: number | null;
}

/** One row of `market_profile`. */
export interface MarketProfileRow {
  readonly ts: number;
  /** The profile's span, e.g. `15m`. */
  readonly timeframe: string;
  readonly pocPrice: number;
  readonly valueAreaHigh: number;
  readonly valueAreaLow: number;
  /** Anything JSON can hold (bins, volumes); stored in the JSON column `profile_data`. */
  readonly profileData: unknown;
}

export const ZoneType = { Supply: 'supply', Demand: 'demand' } as const;
export type ZoneType = ValueOf<typeof ZoneType>;

/** `broken` is never stored: putting a broken zone deletes it (§2.2.7 "deleted immediately"). */
export const ZoneStatus = { Fresh: 'fresh', Tested: 'tested', Broken: 'broken' } as const;
export type ZoneStatus = ValueOf<typeof ZoneStatus>;

/** One row of `supply_demand_zones`, keyed by `zoneId`. */
export interface ZoneRow {
  readonly zoneId: string;
  readonly timeframe: string;
  readonly zoneType: ZoneType;
  readonly priceLow: number;
  readonly priceHigh: number;
  /** 0–100 */
  readonly strengthScore: number;
  readonly firstSeen: number;
  readonly lastTested: number | null;
  readonly status: ZoneStatus;
}

export const FvgType = { Bullish: 'bullish', Bearish: 'bearish' } as const;
export type FvgType = ValueOf<typeof FvgType>;

/** One row of `fair_value_gaps`, keyed by `fvgId`. A filled gap (`filledAt` set) is deleted, not stored. */
export interface FairValueGapRow {
  readonly fvgId: string;
  readonly timeframe: string;
  readonly fvgType: FvgType;
  readonly gapLow: number;
  readonly gapHigh: number;
  readonly createdAt: number;
  readonly filledAt: number | null;
  /** 0–100 */
  readonly fillPercentage: number;
}

export const ExecutionSide = { Long: 'long', Short: 'short' } as const;
export type ExecutionSide = ValueOf<typeof ExecutionSide>;

/**
 * One row of `trade_executions`, keyed by `tradeId`. Money is exact decimal strings (as the execution
 * code's big.js values print), at most 18 decimal places; stored as DECIMAL(38,18), read back as the
 * shortest equal string.
 */
export interface ExecutionRow {
  readonly tradeId: string;
  /** Entry time. */
  readonly ts: number;
  readonly side: ExecutionSide;
  readonly entryPrice: string;
  readonly exitPrice: string | null;
  readonly quantity: string;
  readonly pnl: string | null;
  readonly fees: string;
  readonly strategy: string;
  readonly configType: string;
  /** Set when the trade completed; retention deletes it `closedExecutionMs` later (it lives on in Firestore). */
  readonly closedAt: number | null;
}
