/**
 * TEST SUPPORT ONLY: the spot trading and account endpoints of the Binance fake, on the shared order
 * model (orders.ts), with balances that move as Binance moves them.
 *
 * Follows Binance's documented Spot API (spot/rest-api "Trading endpoints", "Account endpoints"):
 * - `POST /api/v3/order` ("New order": MARKET, LIMIT with `timeInForce`, STOP_LOSS with `stopPrice`;
 *   `newClientOrderId`; `newOrderRespType` FULL carries `fills`). -2010 "Duplicate order sent." for a
 *   client id of an open order, -2010 "Account has insufficient balance for requested action.",
 *   -1116 for another type, -1104 for a `reduceOnly` (not a spot parameter).
 * - `GET /api/v3/order` ("Query order", -2013 "Order does not exist."), `DELETE /api/v3/order`
 *   ("Cancel order", -2011 "Unknown order sent."), `GET /api/v3/openOrders` ("Current open orders").
 * - `GET /api/v3/account` ("Account information"), `GET /api/v3/myTrades` ("Account trade list").
 * Taker fee 0.1 %: in the base asset on a buy, in the quote asset on a sell.
 */
import Big from 'big.js';
import { BinanceError, decimalParam, missingParam } from './binance-error.js';
import { type Order, OrderBook, type Side, type VenueState, ZERO, crosses } from './orders.js';
import type { Params, Routes } from './server.js';
import type { FakeSymbol } from './symbols.js';

const SPOT_TAKER = new Big('0.001');

interface Balance {
  free: Big;
  locked: Big;
}

export class SpotTrading {
  readonly book: OrderBook;
  private readonly balances = new Map<string, Balance>();

  constructor(
    private readonly venue: VenueState,
    balances: Readonly<Record<string, string>>,
  ) {
    this.book = new OrderBook('spot', venue);
    for (const [asset, amount] of Object.entries(balances)) this.balances.set(asset, { free: new Big(amount), locked: ZERO });
  }

  balance(asset: string): Balance {
    let b = this.balances.get(asset);
    if (!b) this.balances.set(asset, (b = { free: ZERO, locked: ZERO }));
    return b;
  }

  /** The price moved: fill resting limits it reached and fire stops it crossed. */
  onPrice(symbol: string): void {
    const px = this.venue.priceOf(symbol);
    for (const o of this.book.open(symbol)) {
      if (o.type === 'LIMIT' && crosses(o.side, o.price as Big, px, false)) this.fill(o, o.price as Big, true);
      if (o.type === 'STOP_LOSS' && crosses(o.side, o.stopPrice as Big, px, true)) this.fill(o, px, false);
    }
  }

  routes(): Routes {
    return {
      'POST /api/v3/order': { signed: true, handle: (q) => this.newOrder(q) },
      'GET /api/v3/order': {
        signed: true,
        handle: (q) => {
          const o = this.book.find(this.venue.symbols.require(q), q);
          if (!o) throw new BinanceError(400, -2013, 'Order does not exist.');
          return orderJson(o);
        },
      },
      'DELETE /api/v3/order': { signed: true, handle: (q) => this.cancel(q) },
      'GET /api/v3/openOrders': { signed: true, handle: (q) => this.book.open(q.symbol ? this.venue.symbols.require(q).symbol : undefined).map(orderJson) },
      'GET /api/v3/account': {
        signed: true,
        handle: () => ({
          makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0, canTrade: true, canWithdraw: true, canDeposit: true, brokered: false,
          requireSelfTradePrevention: false, preventSor: false, updateTime: this.venue.now(), accountType: 'SPOT',
          balances: [...this.balances].map(([asset, b]) => ({ asset, free: b.free.toFixed(8), locked: b.locked.toFixed(8) })), permissions: ['SPOT'], uid: 354937868,
        }),
      },
      'GET /api/v3/myTrades': {
        signed: true,
        handle: (q) =>
          this.book.trades(this.venue.symbols.require(q).symbol, q).map((f) => ({
            symbol: f.symbol, id: f.id, orderId: f.orderId, orderListId: -1, price: f.price.toFixed(8), qty: f.qty.toFixed(8), quoteQty: f.qty.times(f.price).toFixed(8),
            commission: f.commission.toFixed(8), commissionAsset: f.commissionAsset, time: f.time, isBuyer: f.side === 'BUY', isMaker: f.maker, isBestMatch: true,
          })),
      },
    };
  }

  private fill(o: Order, px: Big, maker: boolean): void {
    const s = this.venue.symbols.lookup(o.symbol);
    const qty = o.origQty.minus(o.executedQty);
    const quote = qty.times(px);
    const base = this.balance(s.baseAsset);
    const q = this.balance(s.quoteAsset);
    let commission: Big;
    let commissionAsset: string;
    if (o.side === 'BUY') {
      commission = qty.times(SPOT_TAKER);
      commissionAsset = s.baseAsset;
      if (o.type === 'MARKET') q.free = q.free.minus(quote);
      else {
        const reserved = qty.times(o.price as Big);
        q.locked = q.locked.minus(reserved);
        q.free = q.free.plus(reserved).minus(quote);
      }
      base.free = base.free.plus(qty).minus(commission);
    } else {
      commission = quote.times(SPOT_TAKER);
      commissionAsset = s.quoteAsset;
      if (o.type === 'MARKET') base.free = base.free.minus(qty);
      else base.locked = base.locked.minus(qty);
      q.free = q.free.plus(quote).minus(commission);
    }
    this.book.fill(o, { price: px, qty, commission, commissionAsset, realizedPnl: ZERO, maker });
    o.executedQty = o.origQty;
    o.cumQuote = o.cumQuote.plus(quote);
    o.status = 'FILLED';
    o.updateTime = this.venue.now();
  }

  private newOrder(q: Params): Record<string, unknown> {
    const s = this.venue.symbols.require(q);
    const side = q.side;
    if (side !== 'BUY' && side !== 'SELL') throw missingParam('side');
    const type = q.type;
    if (!type) throw missingParam('type');
    if (!['MARKET', 'LIMIT', 'STOP_LOSS'].includes(type)) throw new BinanceError(400, -1116, 'Invalid orderType.');
    if (q.reduceOnly !== undefined) throw new BinanceError(400, -1104, "Not all sent parameters were read; read '10' parameter(s) but was sent '11'.");
    const qty = decimalParam(q, 'quantity', true) as Big;
    const price = type === 'LIMIT' ? decimalParam(q, 'price', true) : null;
    if (type === 'LIMIT' && !q.timeInForce) throw missingParam('timeInForce');
    const stopPrice = type === 'STOP_LOSS' ? decimalParam(q, 'stopPrice', true) : null;
    this.venue.checkFilters(s, qty, price ?? stopPrice, price ?? stopPrice ?? this.venue.priceOf(s.symbol));
    const cid = q.newClientOrderId ?? `fake${this.venue.peekOrderId()}`;
    if (this.book.hasOpenClientId(cid)) throw new BinanceError(400, -2010, 'Duplicate order sent.');
    this.checkFunds(s, side, qty, price);
    const o = this.book.add({ symbol: s.symbol, side, type, qty, price, stopPrice, reduceOnly: false, clientOrderId: cid, timeInForce: q.timeInForce ?? 'GTC' });
    if (type === 'MARKET') this.fill(o, this.venue.priceOf(s.symbol), false);
    else {
      this.reserve(s, side, qty, price);
      this.onPrice(s.symbol);
    }
    const body: Record<string, unknown> = { ...orderJson(o), transactTime: o.updateTime };
    if ((q.newOrderRespType ?? 'FULL') === 'FULL') {
      body.fills = o.fills.map((f) => ({ price: f.price.toFixed(8), qty: f.qty.toFixed(8), commission: f.commission.toFixed(8), commissionAsset: f.commissionAsset, tradeId: f.id }));
    }
    return body;
  }

  private checkFunds(s: FakeSymbol, side: Side, qty: Big, price: Big | null): void {
    const enough = side === 'BUY' ? this.balance(s.quoteAsset).free.gte(qty.times(price ?? this.venue.priceOf(s.symbol))) : this.balance(s.baseAsset).free.gte(qty);
    if (!enough) throw new BinanceError(400, -2010, 'Account has insufficient balance for requested action.');
  }

  /** A resting order locks what it may spend: quote for a limit buy, base for a sell. */
  private reserve(s: FakeSymbol, side: Side, qty: Big, price: Big | null): void {
    if (side === 'BUY') {
      const b = this.balance(s.quoteAsset);
      b.free = b.free.minus(qty.times(price as Big));
      b.locked = b.locked.plus(qty.times(price as Big));
    } else {
      const b = this.balance(s.baseAsset);
      b.free = b.free.minus(qty);
      b.locked = b.locked.plus(qty);
    }
  }

  private cancel(q: Params): Record<string, unknown> {
    const s = this.venue.symbols.require(q);
    const o = this.book.cancel(this.book.find(s, q));
    const rest = o.origQty.minus(o.executedQty);
    if (o.side === 'BUY' && o.price) {
      const b = this.balance(s.quoteAsset);
      b.locked = b.locked.minus(rest.times(o.price));
      b.free = b.free.plus(rest.times(o.price));
    } else if (o.side === 'SELL' && o.type !== 'MARKET') {
      const b = this.balance(s.baseAsset);
      b.locked = b.locked.minus(rest);
      b.free = b.free.plus(rest);
    }
    return { ...orderJson(o), origClientOrderId: o.clientOrderId, transactTime: o.updateTime };
  }
}

/** Binance "Query order" / "New order (FULL)" shape, spot. */
function orderJson(o: Order): Record<string, unknown> {
  return {
    symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId,
    price: (o.price ?? ZERO).toFixed(8), origQty: o.origQty.toFixed(8), executedQty: o.executedQty.toFixed(8),
    cummulativeQuoteQty: o.cumQuote.toFixed(8), status: o.status, timeInForce: o.timeInForce, type: o.type, side: o.side,
    stopPrice: (o.stopPrice ?? ZERO).toFixed(8), icebergQty: '0.00000000', time: o.time, updateTime: o.updateTime,
    isWorking: o.type !== 'STOP_LOSS' || o.status !== 'NEW', workingTime: o.time, origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}
