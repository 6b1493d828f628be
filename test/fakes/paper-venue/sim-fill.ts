/**
 * TEST SUPPORT ONLY: one execution of a SimVenue order (the paper venue double), shaped after ccxt's
 * unified trade structure (docs.ccxt.com "Trade Structure": price, amount, fee, takerOrMaker).
 */
import type { Dec, ValueOf } from '@cascade/core';
import type { SimOrderSide, SimOrderType } from './sim-order.js';

export const Liquidity = {
  Maker: 'maker',
  Taker: 'taker',
} as const;
export type Liquidity = ValueOf<typeof Liquidity>;

/** One execution of a simulated order against one tape trade. Money exact (big.js). */
export interface SimFill {
  /** `${clientOrderId}-f${seq}`: the same tape and orders always give the same ids. */
  readonly fillId: string;
  readonly clientOrderId: string;
  /** 1-based fill number within the order. */
  readonly seq: number;
  /** Tape ms of the trade it filled against. */
  readonly ts: number;
  readonly tradeId: string;
  readonly side: SimOrderSide;
  readonly orderType: SimOrderType;
  /** On the market's tick grid. */
  readonly price: Dec;
  /** On the market's lot grid. */
  readonly qty: Dec;
  /** price × qty, exact. */
  readonly notional: Dec;
  /** notional × fee rate, exact (not rounded); negative for a maker rebate. */
  readonly fee: Dec;
  readonly feeCurrency: string;
  readonly liquidity: Liquidity;
  /** Model slippage applied to the reference, before tick rounding and any limit cap; 0 for maker fills. */
  readonly slippageBps: number;
  /** The tape trade's price at the market's precision. */
  readonly referencePrice: Dec;
  /** Quantity of the order still open after this fill. */
  readonly remainingQty: Dec;
}
