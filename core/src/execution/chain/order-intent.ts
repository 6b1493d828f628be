import type { MarketType } from '../../model/market.js';

/**
 * What the chain asks the adapter to do, in order; each waits for the one before it (a reversal's
 * close must fill before the entry goes out). Money is in decimal strings, as on the wire.
 */
export type OrderIntent = CloseIntent | PlaceIntent | MonitorIntent;

export interface CloseIntent {
  readonly kind: 'close';
  readonly clientOrderId: string;
  readonly positionId: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market';
  readonly amount: string;
  readonly reduceOnly: true;
  readonly reason: 'reversal';
}

export interface PlaceIntent {
  readonly kind: 'place';
  /** Derived from the signal id: a redelivered signal derives the same id. Also the position id. */
  readonly clientOrderId: string;
  readonly signalId: string;
  readonly exchange: string;
  readonly marketType: MarketType;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market';
  readonly amount: string;
  /** The price the size was computed at (the signal's reference, at the tick). */
  readonly referencePrice: string;
  readonly notional: string;
  readonly margin: string;
  /** 1 on spot; set on the venue before the order on leveraged markets. */
  readonly leverage: number;
  readonly reduceOnly: false;
}

export interface MonitorIntent {
  readonly kind: 'monitor';
  readonly positionId: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly amount: string;
  readonly trailingStopPct: number;
  readonly maxHoldMs: number;
  /**
   * Stop level from the reference price; once filled, the adapter recomputes it from the fill with
   * `initialStopPrice` so the stop is never further than `trailingStopPct` from the real entry.
   */
  readonly initialStopPrice: string;
  /** The exchange-held reduce-only stop to place after the fill (issue 5, item 4). */
  readonly protectiveStop: { readonly side: 'buy' | 'sell'; readonly triggerPrice: string; readonly amount: string; readonly reduceOnly: true };
  readonly requestedAt: number;
}
