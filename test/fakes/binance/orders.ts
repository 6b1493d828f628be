/**
 * TEST SUPPORT ONLY: the order and fill model the Binance fake's spot and USDⓈ-M trading share: one id
 * sequence, one price per symbol, filter checks, order lookup by id or client id.
 *
 * Follows Binance's documented order semantics (Spot API "Trading endpoints" / "Account endpoints",
 * spot/enums: order status NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, REJECTED; USDⓈ-M "New
 * Order" / "Query Order"): an order is found by `orderId` or `origClientOrderId` (-1102 when neither is
 * sent); a client order id must be unique among *open* orders, so a filled order's id can be reused;
 * filter failures are -1013 "Filter failure: LOT_SIZE | PRICE_FILTER | NOTIONAL".
 */
import Big from 'big.js';
import { BinanceError } from './binance-error.js';
import type { FakeSymbol, SymbolTable } from './symbols.js';

export type Market = 'spot' | 'perp';
export type Side = 'BUY' | 'SELL';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';

export const ZERO = new Big(0);

export interface Fill {
  readonly id: number;
  readonly market: Market;
  readonly orderId: number;
  readonly symbol: string;
  readonly side: Side;
  readonly price: Big;
  readonly qty: Big;
  readonly commission: Big;
  readonly commissionAsset: string;
  readonly realizedPnl: Big;
  readonly maker: boolean;
  readonly time: number;
}

export interface Order {
  readonly market: Market;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: string;
  readonly origQty: Big;
  readonly price: Big | null;
  readonly stopPrice: Big | null;
  readonly reduceOnly: boolean;
  readonly timeInForce: string;
  readonly time: number;
  executedQty: Big;
  cumQuote: Big;
  status: OrderStatus;
  updateTime: number;
  fills: Fill[];
}

/** What a test sees of an order. */
export interface FakeOrderView {
  readonly market: Market;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: string;
  readonly status: string;
  readonly origQty: string;
  readonly executedQty: string;
  readonly reduceOnly: boolean;
}

export interface NewOrder {
  readonly symbol: string;
  readonly side: Side;
  readonly type: string;
  readonly qty: Big;
  readonly price: Big | null;
  readonly stopPrice: Big | null;
  readonly reduceOnly: boolean;
  readonly clientOrderId: string;
  readonly timeInForce: string;
}

export const isOpen = (o: { readonly status: string }): boolean => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';

const onStep = (v: Big, step: string): boolean => v.mod(new Big(step)).eq(0);

/** Whether `px` has reached a limit (fills the resting side) or a stop trigger (fires it). */
export function crosses(side: Side, level: Big, px: Big, stop: boolean): boolean {
  if (stop) return side === 'SELL' ? px.lte(level) : px.gte(level);
  return side === 'BUY' ? px.lte(level) : px.gte(level);
}

/** The venue state both markets share: symbols, clock, last prices and the id sequences. */
export class VenueState {
  private readonly prices: Map<string, Big>;
  private nextOrderId = 1_000;
  private nextTradeId = 90_000;

  constructor(
    readonly symbols: SymbolTable,
    readonly now: () => number,
  ) {
    // Round numbers the tests work their expectations from.
    this.prices = new Map(symbols.list.map((s) => [s.symbol, new Big(s.baseAsset === 'BTC' ? '60000' : '3000')]));
  }

  priceOf(symbol: string): Big {
    return this.prices.get(symbol) as Big;
  }

  setPrice(symbol: string, price: Big): void {
    this.prices.set(symbol, price);
  }

  /** What a market order can take from the book now; null = all of it. */
  readonly marketDepth = new Map<string, Big>();

  /** The id the next order gets; also the default client id `fake<id>`, as the original fakes did. */
  peekOrderId(): number {
    return this.nextOrderId;
  }

  takeOrderId(): number {
    return this.nextOrderId++;
  }

  takeTradeId(): number {
    return this.nextTradeId++;
  }

  checkFilters(s: FakeSymbol, qty: Big, price: Big | null, notionalAt: Big): void {
    if (qty.lt(new Big(s.minQty)) || !onStep(qty, s.stepSize)) throw new BinanceError(400, -1013, 'Filter failure: LOT_SIZE');
    if (price !== null && !onStep(price, s.tickSize)) throw new BinanceError(400, -1013, 'Filter failure: PRICE_FILTER');
    if (qty.times(notionalAt).lt(new Big(s.minNotional))) throw new BinanceError(400, -1013, 'Filter failure: NOTIONAL');
  }

  onStep(v: Big, step: string): boolean {
    return onStep(v, step);
  }
}

/** The orders and fills of one market. */
export class OrderBook {
  readonly orders: Order[] = [];
  readonly fills: Fill[] = [];

  constructor(
    private readonly market: Market,
    private readonly exchange: VenueState,
  ) {}

  add(o: NewOrder): Order {
    const now = this.exchange.now();
    const order: Order = {
      market: this.market, orderId: this.exchange.takeOrderId(), clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type,
      origQty: o.qty, price: o.price, stopPrice: o.stopPrice, reduceOnly: o.reduceOnly, timeInForce: o.timeInForce, time: now,
      executedQty: ZERO, cumQuote: ZERO, status: 'NEW', updateTime: now, fills: [],
    };
    this.orders.push(order);
    return order;
  }

  /** Records a fill of `qty` at `price` against `o` (the caller moves balances / positions). */
  fill(o: Order, f: Omit<Fill, 'id' | 'market' | 'orderId' | 'symbol' | 'side' | 'time'>): Fill {
    const fill: Fill = { id: this.exchange.takeTradeId(), market: this.market, orderId: o.orderId, symbol: o.symbol, side: o.side, time: this.exchange.now(), ...f };
    this.fills.push(fill);
    o.fills.push(fill);
    return fill;
  }

  hasOpenClientId(clientOrderId: string): boolean {
    return this.orders.some((o) => isOpen(o) && o.clientOrderId === clientOrderId);
  }

  /** The order named by `orderId` or `origClientOrderId` (the latest, ids being reusable once closed). */
  find(s: FakeSymbol, q: Readonly<Record<string, string>>): Order | undefined {
    const id = q.orderId;
    const cid = q.origClientOrderId;
    if (!id && !cid) throw new BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    const list = this.orders.filter((o) => o.symbol === s.symbol && (id ? String(o.orderId) === id : o.clientOrderId === cid));
    return list[list.length - 1];
  }

  open(symbol: string | undefined): Order[] {
    return this.orders.filter((o) => isOpen(o) && (symbol === undefined || o.symbol === symbol));
  }

  cancel(o: Order | undefined): Order {
    if (!o || !isOpen(o)) throw new BinanceError(400, -2011, 'Unknown order sent.');
    o.status = 'CANCELED';
    o.updateTime = this.exchange.now();
    return o;
  }

  /** `myTrades` / `userTrades`: by time window, `limit` default 500, at most 1000. */
  trades(symbol: string, q: Readonly<Record<string, string>>): Fill[] {
    const start = q.startTime === undefined ? undefined : Number(q.startTime);
    const end = q.endTime === undefined ? undefined : Number(q.endTime);
    const limit = Math.min(Number(q.limit ?? 500), 1000);
    const list = this.fills.filter((f) => f.symbol === symbol && (start === undefined || f.time >= start) && (end === undefined || f.time <= end));
    return start === undefined ? list.slice(-limit) : list.slice(0, limit);
  }

  views(): FakeOrderView[] {
    return this.orders.map((o) => ({
      market: o.market, orderId: o.orderId, clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type, status: o.status,
      origQty: o.origQty.toFixed(), executedQty: o.executedQty.toFixed(), reduceOnly: o.reduceOnly,
    }));
  }
}
