import type { MarketSpec } from '../model/market.js';

/**
 * What the engine needs from a trading venue (CEX through ccxt, DEX, or the paper venue). Money is
 * exact decimal strings; ids are the venue's plus ours (`clientOrderId`, derived from the signal).
 */
export interface VenuePort {
  /** `binance`, `bybit`, `okx`, `hyperliquid`, `paper`. */
  readonly id: string;
  /**
   * Which account of the venue this port trades, where one venue id has several (Binance spot and
   * USDⓈ-M perps are both `binance`): positions of the other account are not this port's to reconcile.
   */
  readonly accountKind?: 'spot' | 'perp';
  readonly capabilities: VenueCapabilities;
  market(symbol: string): Promise<MarketSpec>;
  createOrder(req: VenueOrderRequest): Promise<VenueOrder>;
  /** Recovery: the order we sent under this client id, or null if the venue never got it. */
  fetchOrderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | null>;
  cancelOrder(symbol: string, clientOrderId: string): Promise<void>;
  fetchOpenOrders(symbol?: string): Promise<VenueOrder[]>;
  fetchPositions(symbols?: readonly string[]): Promise<VenuePosition[]>;
  /** Balance of `currency` (default: the account's settlement currency, e.g. USDT). Spot closes ask for the base asset. */
  fetchBalance(currency?: string): Promise<VenueBalance>;
  /** The venue's last traded price now: what pre-trade checks compare a signal's price with. */
  fetchLastPrice(symbol: string): Promise<string>;
  setLeverage(symbol: string, leverage: number): Promise<void>;
  setMarginMode(symbol: string, mode: 'isolated' | 'cross'): Promise<void>;
  /** Fills as they happen (websocket where the venue has one, REST polling otherwise). Returns stop(). */
  watchFills(onFill: (f: VenueFill) => void, onError?: (e: unknown) => void): () => Promise<void>;
}

export interface VenueCapabilities {
  /** A reduce-only stop-market order can rest on the venue (the exchange-held protective stop). */
  readonly reduceOnlyStop: boolean;
  /** A resting stop can be amended in place (else cancel + replace). */
  readonly amendStop: boolean;
  readonly clientOrderIdMaxLength: number;
}

export interface VenueOrderRequest {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit' | 'stop';
  readonly amount: string;
  /** Limit price. */
  readonly price?: string;
  /** Trigger price of a stop(-market) order. */
  readonly stopPrice?: string;
  readonly reduceOnly?: boolean;
  /**
   * Last trade price the order was sized on. Venues whose market orders are limit orders bounded by
   * slippage (hyperliquid) derive the bound from it; others ignore it.
   */
  readonly referencePrice?: string;
}

export type VenueOrderStatus = 'open' | 'closed' | 'canceled' | 'rejected' | 'expired';

export interface VenueOrder {
  readonly id: string;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: string;
  readonly status: VenueOrderStatus;
  readonly amount: string;
  readonly filled: string;
  /** Average fill price, null before any fill. */
  readonly average: string | null;
  readonly price: string | null;
  readonly stopPrice: string | null;
  readonly reduceOnly: boolean;
  readonly fee: { cost: string; currency: string } | null;
  readonly timestamp: number;
}

export interface VenuePosition {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  /** Base amount, positive. */
  readonly amount: string;
  readonly entryPrice: string;
  readonly leverage: number | null;
  readonly marginMode: 'isolated' | 'cross' | null;
  readonly unrealizedPnl: string | null;
}

export interface VenueBalance {
  readonly currency: string;
  readonly total: string;
  readonly free: string;
  readonly used: string;
}

export interface VenueFill {
  readonly tradeId: string;
  readonly orderId: string;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly amount: string;
  readonly fee: { cost: string; currency: string } | null;
  readonly timestamp: number;
}
