/**
 * TEST SUPPORT ONLY: the order requests, statuses and views of SimVenue (the paper venue double).
 * Statuses mirror ccxt's unified order statuses (docs.ccxt.com "Order Structure": open → closed /
 * canceled / rejected), split into new / partially_filled the way exchanges report them.
 */
import type { Dec, ValueOf } from '@cascade/core';

export const SimOrderSide = {
  Buy: 'buy',
  Sell: 'sell',
} as const;
export type SimOrderSide = ValueOf<typeof SimOrderSide>;

export const SimOrderType = {
  Market: 'market',
  Limit: 'limit',
  /** Stop-market: `price` is the trigger; once a trade crosses it the order fills as a market order. */
  Stop: 'stop',
} as const;
export type SimOrderType = ValueOf<typeof SimOrderType>;

export const SimOrderStatus = {
  New: 'new',
  PartiallyFilled: 'partially_filled',
  Filled: 'filled',
  Canceled: 'canceled',
  Rejected: 'rejected',
} as const;
export type SimOrderStatus = ValueOf<typeof SimOrderStatus>;

export interface SimOrderRequest {
  /** Idempotency key: a second submit with the same id never creates a second order. */
  readonly clientOrderId: string;
  readonly side: SimOrderSide;
  readonly type: SimOrderType;
  /** Base quantity, exact decimal string; rounded down to the market's amount precision. */
  readonly qty: string;
  /** Limit price (limit) or trigger price (stop), exact decimal string; absent for market orders. */
  readonly price?: string;
  /** Fills only while they shrink the venue's position; the remainder is cancelled once it is flat. */
  readonly reduceOnly?: boolean;
  /** Tape ms of the decision that sent it; the order is live at `submittedAt + latency`. */
  readonly submittedAt: number;
  /** Good-till tape ms: the order is cancelled on the first trade (or `advanceTo`) at or after it. */
  readonly expiresAt?: number;
}

/** A snapshot of one order; money exact (big.js) at the market's precision. */
export interface SimOrderView {
  readonly clientOrderId: string;
  readonly side: SimOrderSide;
  readonly type: SimOrderType;
  /** After rounding down to the amount precision. */
  readonly qty: Dec;
  /** Effective limit/trigger price on the tick grid (an amend counts once it takes effect); null for market. */
  readonly price: Dec | null;
  readonly reduceOnly: boolean;
  readonly submittedAt: number;
  /** Tape ms from which trades can fill it. */
  readonly activeAt: number;
  readonly expiresAt: number | null;
  readonly status: SimOrderStatus;
  /** Why it was rejected or cancelled; null otherwise. */
  readonly reason: string | null;
  readonly filledQty: Dec;
  /** Σ price × qty over its fills, exact; average price = filledNotional / filledQty. */
  readonly filledNotional: Dec;
  /** Σ fees, quote currency, exact. */
  readonly fees: Dec;
  readonly fills: number;
  /** Tape ms of the trade that triggered a stop; null until then (and for other types). */
  readonly triggeredAt: number | null;
  /** A cancel is on its way to the venue (takes effect at its request time + latency). */
  readonly pendingCancel: boolean;
  /** The latest amended price on its way to the venue; null when none is pending. */
  readonly pendingPrice: Dec | null;
}

export type SubmitResult =
  | { readonly ok: true; readonly order: SimOrderView }
  /** `duplicate`: `order` is the first order under that id, untouched; otherwise the new order, rejected. */
  | { readonly ok: false; readonly duplicate: boolean; readonly reason: string; readonly order: SimOrderView };

/** Outcome of a cancel/amend request: accepted for delivery (effective at `effectiveAt`) or refused now. */
export type SimRequestResult = { readonly ok: true; readonly effectiveAt: number } | { readonly ok: false; readonly reason: string };
