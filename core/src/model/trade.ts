import type { ValueOf } from '../util/value-of.js';

/** The aggressor (taker) side of an executed trade. */
export const AggressorSide = {
  Buy: 'buy',
  Sell: 'sell',
} as const;
export type AggressorSide = ValueOf<typeof AggressorSide>;

/**
 * One executed trade, normalised from any venue or file.
 * `price` and `amount` are the venue's decimal values parsed to the nearest double: every value a
 * venue prints (≤ 15 significant digits) round-trips exactly through `toFixed(precision)`, which is
 * how money code turns them back into exact decimals (see execution/).
 */
export interface Trade {
  /** Venue trade id, unique per symbol; ordering within a symbol follows `ts` then arrival. */
  readonly id: string;
  /** Execution time, UTC epoch milliseconds. */
  readonly ts: number;
  readonly price: number;
  readonly amount: number;
  readonly side: AggressorSide;
  /** True when the feed had no aggressor side and the tick rule classified it. */
  readonly sideInferred: boolean;
}
