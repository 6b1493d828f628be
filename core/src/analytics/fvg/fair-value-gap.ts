import type { ValueOf } from '../../util/value-of.js';
import type { Timeframe } from '../candle.js';

export const FvgType = {
  /** candle 1 high < candle 3 low: price jumped up over [c1.high, c3.low]. */
  Bullish: 'bullish',
  /** candle 1 low > candle 3 high: price dropped through [c3.high, c1.low]. */
  Bearish: 'bearish',
} as const;
export type FvgType = ValueOf<typeof FvgType>;

export const FvgRemoval = {
  Filled: 'filled',
  Expired: 'expired',
} as const;
export type FvgRemoval = ValueOf<typeof FvgRemoval>;

/** A fair value gap as §2.2.7's `fair_value_gaps` row holds it, plus its size and what is left of it. */
export interface FairValueGap {
  /** `fvg-{timeframe}-{openTime of candle 3}`: unique per symbol, the same on every replay. */
  readonly fvgId: string;
  readonly timeframe: Timeframe;
  readonly fvgType: FvgType;
  readonly gapLow: number;
  readonly gapHigh: number;
  /** (gapHigh − gapLow) / candle 1's edge of the gap (see FvgConfig.minGapPct). */
  readonly gapPct: number;
  /** Close time of candle 3 (when the gap became known). */
  readonly createdAt: number;
  /** createdAt + expiry (24 h): removed unfilled at the first update at or after it. */
  readonly expiresAt: number;
  /** Time of the trade (or candle close) that filled it; null while open. */
  readonly filledAt: number | null;
  /** 0–100: how far into the gap price has traded since it was created. */
  readonly fillPercentage: number;
  /** The part not yet traded: [gapLow, deepest price] of a bullish gap, [highest price, gapHigh] of a bearish one. */
  readonly unfilledLow: number;
  readonly unfilledHigh: number;
}
