/**
 * TEST SUPPORT ONLY: the USDⓈ-M perpetual trading and account endpoints of the Binance fake, on the
 * shared order model (orders.ts): one-way positions, a USDT wallet, leverage, margin type, and
 * conditional orders through the Algo Service.
 *
 * Follows Binance's documented USDⓈ-M Futures API (derivatives/usds-margined-futures "Trade", "Account"):
 * - `POST|GET|DELETE /fapi/v1/order` ("New Order" MARKET / LIMIT, "Query Order", "Cancel Order");
 *   conditional types (STOP, STOP_MARKET, TAKE_PROFIT…) are refused with -4120, as Binance does since the
 *   Dec 2025 move to the Algo Service. -4116 duplicate client id, -2022 reduce-only rejected, -2019
 *   "Margin is insufficient.".
 * - `POST|GET|DELETE /fapi/v1/algoOrder`, `GET /fapi/v1/openAlgoOrders` ("New Algo Order": algoType
 *   CONDITIONAL, STOP_MARKET, `triggerPrice`, `reduceOnly`, `clientAlgoId`; -2021 would immediately trigger).
 * - `GET /fapi/v1/openOrders`, `GET /fapi/v2|v3/positionRisk`, `GET /fapi/v1/leverageBracket`,
 *   `GET /fapi/v3/account`, `GET /fapi/v2/balance`, `POST /fapi/v1/leverage` (-4028),
 *   `POST /fapi/v1/marginType` (-4046 "No need to change margin type.", -4048 with a position),
 *   `GET /fapi/v1/userTrades` ("Account Trade List").
 * Taker fee 0.04 %, in USDT. `POST /fapi/v1/listenKey` is deliberately absent: the user-data stream
 * cannot start, which is how tests reach the REST-polling fallback.
 */
import Big from 'big.js';
import { BinanceError, decimalParam, missingParam } from './binance-error.js';
import { type Order, OrderBook, type Side, type VenueState, ZERO, crosses } from './orders.js';
import type { Params, Routes } from './server.js';

const PERP_TAKER = new Big('0.0004');

interface Position {
  amount: Big;
  entry: Big;
}

interface Algo {
  readonly algoId: number;
  readonly clientAlgoId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: string;
  readonly quantity: Big;
  readonly triggerPrice: Big;
  readonly reduceOnly: boolean;
  readonly createTime: number;
  algoStatus: 'NEW' | 'CANCELED' | 'FINISHED' | 'REJECTED';
  updateTime: number;
  triggerTime: number;
  actualOrderId: string;
}

/** What a test sees of an algo (conditional) order. */
export interface FakeAlgoView {
  readonly algoId: number;
  readonly clientAlgoId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: string;
  readonly quantity: string;
  readonly triggerPrice: string;
  readonly reduceOnly: boolean;
  readonly algoStatus: string;
}

export class UsdmTrading {
  readonly book: OrderBook;
  private readonly algos: Algo[] = [];
  private readonly positions = new Map<string, Position>();
  private readonly leverageOf: Map<string, number>;
  private readonly marginTypeOf: Map<string, 'ISOLATED' | 'CROSSED'>;
  private wallet: Big;
  private nextAlgoId = 5_000;

  constructor(
    private readonly venue: VenueState,
    wallet: string,
  ) {
    this.book = new OrderBook('perp', venue);
    this.wallet = new Big(wallet);
    this.leverageOf = new Map(venue.symbols.list.map((s) => [s.symbol, 20]));
    this.marginTypeOf = new Map(venue.symbols.list.map((s) => [s.symbol, 'CROSSED']));
  }

  position(symbol: string): Position {
    let p = this.positions.get(symbol);
    if (!p) this.positions.set(symbol, (p = { amount: ZERO, entry: ZERO }));
    return p;
  }

  walletBalance(): string {
    return this.wallet.toFixed();
  }

  leverage(symbol: string): number {
    return this.leverageOf.get(symbol) ?? 0;
  }

  marginType(symbol: string): 'ISOLATED' | 'CROSSED' {
    return this.marginTypeOf.get(symbol) ?? 'CROSSED';
  }

  algoViews(): FakeAlgoView[] {
    return this.algos.map((a) => ({
      algoId: a.algoId, clientAlgoId: a.clientAlgoId, symbol: a.symbol, side: a.side, orderType: a.orderType, quantity: a.quantity.toFixed(),
      triggerPrice: a.triggerPrice.toFixed(), reduceOnly: a.reduceOnly, algoStatus: a.algoStatus,
    }));
  }

  /** The price moved: fill resting limits it reached, then fire the algo stops it crossed. */
  onPrice(symbol: string): void {
    const px = this.venue.priceOf(symbol);
    for (const o of this.book.open(symbol)) {
      if (o.type === 'LIMIT' && crosses(o.side, o.price as Big, px, false)) this.fill(o, o.price as Big, true);
    }
    for (const a of this.algos) {
      if (a.symbol !== symbol || a.algoStatus !== 'NEW' || !crosses(a.side, a.triggerPrice, px, true)) continue;
      a.triggerTime = this.venue.now();
      a.updateTime = this.venue.now();
      const p = this.position(symbol);
      if (a.reduceOnly && (p.amount.eq(0) || p.amount.gt(0) === (a.side === 'BUY'))) {
        a.algoStatus = 'REJECTED';
        continue;
      }
      const o = this.book.add({ symbol, side: a.side, type: 'MARKET', qty: a.quantity, price: null, stopPrice: null, reduceOnly: a.reduceOnly, clientOrderId: a.clientAlgoId, timeInForce: 'GTC' });
      this.fill(o, px, false);
      a.actualOrderId = String(o.orderId);
      a.algoStatus = 'FINISHED';
    }
  }

  routes(): Routes {
    const symbols = this.venue.symbols;
    return {
      'POST /fapi/v1/order': { signed: true, handle: (q) => this.newOrder(q) },
      'GET /fapi/v1/order': {
        signed: true,
        handle: (q) => {
          const o = this.book.find(symbols.require(q), q);
          if (!o) throw new BinanceError(400, -2013, 'Order does not exist.');
          return orderJson(o);
        },
      },
      'DELETE /fapi/v1/order': { signed: true, handle: (q) => orderJson(this.book.cancel(this.book.find(symbols.require(q), q))) },
      'GET /fapi/v1/openOrders': { signed: true, handle: (q) => this.book.open(q.symbol ? symbols.require(q).symbol : undefined).map(orderJson) },
      'POST /fapi/v1/algoOrder': { signed: true, handle: (q) => this.newAlgo(q) },
      'GET /fapi/v1/algoOrder': {
        signed: true,
        handle: (q) => {
          const a = this.findAlgo(q);
          if (!a) throw new BinanceError(400, -2013, 'Order does not exist.');
          return algoJson(a);
        },
      },
      'DELETE /fapi/v1/algoOrder': {
        signed: true,
        handle: (q) => {
          const a = this.findAlgo(q);
          if (!a || a.algoStatus !== 'NEW') throw new BinanceError(400, -2011, 'Unknown order sent.');
          a.algoStatus = 'CANCELED';
          a.updateTime = this.venue.now();
          return { algoId: a.algoId, clientAlgoId: a.clientAlgoId, code: '200', msg: 'success' };
        },
      },
      'GET /fapi/v1/openAlgoOrders': {
        signed: true,
        handle: (q) => {
          const symbol = q.symbol ? symbols.require(q).symbol : undefined;
          return this.algos.filter((a) => a.algoStatus === 'NEW' && (symbol === undefined || a.symbol === symbol)).map(algoJson);
        },
      },
      'GET /fapi/v1/leverageBracket': {
        signed: true,
        handle: (q) =>
          symbols.list
            .filter((s) => !q.symbol || s.symbol === q.symbol)
            .map((s) => ({ symbol: s.symbol, notionalCoef: 1.0, brackets: [{ bracket: 1, initialLeverage: 125, notionalCap: 300000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0.0 }] })),
      },
      'GET /fapi/v3/positionRisk': { signed: true, handle: (q) => this.positionRisk(3, q) },
      'GET /fapi/v2/positionRisk': { signed: true, handle: (q) => this.positionRisk(2, q) },
      'GET /fapi/v3/account': {
        signed: true,
        handle: () => {
          const a = this.assets()[0] as Record<string, unknown>;
          return {
            totalInitialMargin: a.initialMargin, totalMaintMargin: '0', totalWalletBalance: a.walletBalance, totalUnrealizedProfit: a.unrealizedProfit,
            totalMarginBalance: a.marginBalance, availableBalance: a.availableBalance, maxWithdrawAmount: a.maxWithdrawAmount, assets: this.assets(), positions: [],
          };
        },
      },
      'GET /fapi/v2/balance': {
        signed: true,
        handle: () =>
          this.assets().map((a) => ({
            accountAlias: 'SgsR', asset: a.asset, balance: a.walletBalance, crossWalletBalance: a.crossWalletBalance, crossUnPnl: a.crossUnPnl,
            availableBalance: a.availableBalance, maxWithdrawAmount: a.maxWithdrawAmount, marginAvailable: true, updateTime: a.updateTime,
          })),
      },
      'POST /fapi/v1/leverage': {
        signed: true,
        handle: (q) => {
          const s = symbols.require(q);
          const v = q.leverage;
          if (!v) throw missingParam('leverage');
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1 || n > 125) throw new BinanceError(400, -4028, `Leverage ${v} is not valid`);
          this.leverageOf.set(s.symbol, n);
          return { leverage: n, maxNotionalValue: '1000000', symbol: s.symbol };
        },
      },
      'POST /fapi/v1/marginType': {
        signed: true,
        handle: (q) => {
          const s = symbols.require(q);
          const t = q.marginType;
          if (t !== 'ISOLATED' && t !== 'CROSSED') throw missingParam('marginType');
          if (this.marginTypeOf.get(s.symbol) === t) throw new BinanceError(400, -4046, 'No need to change margin type.');
          if (!this.position(s.symbol).amount.eq(0)) throw new BinanceError(400, -4048, 'Margin type cannot be changed if there exists position.');
          this.marginTypeOf.set(s.symbol, t);
          return { code: 200, msg: 'success' };
        },
      },
      'GET /fapi/v1/userTrades': {
        signed: true,
        handle: (q) =>
          this.book.trades(symbols.require(q).symbol, q).map((f) => ({
            buyer: f.side === 'BUY', commission: f.commission.toFixed(8), commissionAsset: f.commissionAsset, id: f.id, maker: f.maker, orderId: f.orderId,
            price: f.price.toFixed(2), qty: f.qty.toFixed(3), quoteQty: f.qty.times(f.price).toFixed(5), realizedPnl: f.realizedPnl.toFixed(8), side: f.side,
            positionSide: 'BOTH', symbol: f.symbol, time: f.time,
          })),
      },
    };
  }

  private fill(o: Order, px: Big, maker: boolean): void {
    const p = this.position(o.symbol);
    let qty = o.origQty.minus(o.executedQty);
    let realized = ZERO;
    // Reduce-only never flips: it is cut down to the position.
    if (o.reduceOnly && qty.gt(p.amount.abs())) qty = p.amount.abs();
    // A thin book (setMarketDepth): a MARKET order takes what is there and the rest expires, as Binance
    // ends it EXPIRED with executedQty below origQty.
    const depth = o.type === 'MARKET' ? this.venue.marketDepth.get(o.symbol) : undefined;
    const thin = depth !== undefined && qty.gt(depth);
    if (thin) qty = depth;
    const delta = o.side === 'BUY' ? qty : qty.neg();
    if (p.amount.eq(0) || p.amount.gt(0) === delta.gt(0)) {
      const total = p.amount.plus(delta);
      p.entry = p.amount.abs().times(p.entry).plus(qty.times(px)).div(total.abs());
      p.amount = total;
    } else {
      const closing = qty.lt(p.amount.abs()) ? qty : p.amount.abs();
      realized = p.amount.gt(0) ? px.minus(p.entry).times(closing) : p.entry.minus(px).times(closing);
      const rest = p.amount.plus(delta);
      if (rest.eq(0)) p.entry = ZERO;
      else if (rest.gt(0) !== p.amount.gt(0)) p.entry = px;
      p.amount = rest;
    }
    const commission = qty.times(px).times(PERP_TAKER);
    this.wallet = this.wallet.plus(realized).minus(commission);
    this.book.fill(o, { price: px, qty, commission, commissionAsset: 'USDT', realizedPnl: realized, maker });
    o.executedQty = o.executedQty.plus(qty);
    o.cumQuote = o.cumQuote.plus(qty.times(px));
    // A reduce-only order cut down to the position still ends FILLED; cut to nothing, EXPIRED.
    o.status = qty.eq(0) || thin ? 'EXPIRED' : 'FILLED';
    o.updateTime = this.venue.now();
  }

  private usedMargin(): Big {
    let m = ZERO;
    for (const [s, p] of this.positions) m = m.plus(p.amount.abs().times(p.entry).div(this.leverageOf.get(s) ?? 1));
    return m;
  }

  private unrealized(): Big {
    let u = ZERO;
    for (const [s, p] of this.positions) u = u.plus(this.venue.priceOf(s).minus(p.entry).times(p.amount));
    return u;
  }

  private available(): Big {
    return this.wallet.plus(this.unrealized()).minus(this.usedMargin());
  }

  private newOrder(q: Params): Record<string, unknown> {
    const s = this.venue.symbols.require(q);
    const side = q.side;
    if (side !== 'BUY' && side !== 'SELL') throw missingParam('side');
    const type = q.type;
    if (!type) throw missingParam('type');
    if (['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'].includes(type)) {
      throw new BinanceError(400, -4120, 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.');
    }
    if (type !== 'MARKET' && type !== 'LIMIT') throw new BinanceError(400, -1116, 'Invalid orderType.');
    const qty = decimalParam(q, 'quantity', true) as Big;
    const price = type === 'LIMIT' ? decimalParam(q, 'price', true) : null;
    if (type === 'LIMIT' && !q.timeInForce) throw missingParam('timeInForce');
    const reduceOnly = q.reduceOnly === 'true';
    const px = this.venue.priceOf(s.symbol);
    if (!reduceOnly) this.venue.checkFilters(s, qty, price, price ?? px);
    const cid = q.newClientOrderId ?? `fake${this.venue.peekOrderId()}`;
    if (this.book.hasOpenClientId(cid)) throw new BinanceError(400, -4116, 'ClientOrderId is duplicated.');
    const p = this.position(s.symbol);
    const dir = side === 'BUY' ? 1 : -1;
    const increases = p.amount.eq(0) || (p.amount.gt(0) ? dir > 0 : dir < 0);
    if (reduceOnly && increases) throw new BinanceError(400, -2022, 'ReduceOnly Order is rejected.');
    if (!reduceOnly && increases && qty.times(price ?? px).div(this.leverageOf.get(s.symbol) ?? 1).gt(this.available())) throw new BinanceError(400, -2019, 'Margin is insufficient.');
    const o = this.book.add({ symbol: s.symbol, side, type, qty, price, stopPrice: null, reduceOnly, clientOrderId: cid, timeInForce: q.timeInForce ?? 'GTC' });
    if (type === 'MARKET') this.fill(o, px, false);
    else this.onPrice(s.symbol);
    return orderJson(o);
  }

  private newAlgo(q: Params): Record<string, unknown> {
    if (q.algoType !== 'CONDITIONAL') throw missingParam('algoType');
    const s = this.venue.symbols.require(q);
    const side = q.side;
    if (side !== 'BUY' && side !== 'SELL') throw missingParam('side');
    const type = q.type;
    if (type !== 'STOP_MARKET') throw new BinanceError(400, -1116, 'Invalid orderType.');
    const triggerPrice = decimalParam(q, 'triggerPrice', true) as Big;
    if (!this.venue.onStep(triggerPrice, s.tickSize)) throw new BinanceError(400, -1013, 'Filter failure: PRICE_FILTER');
    const qty = decimalParam(q, 'quantity', q.closePosition !== 'true') as Big;
    if (!this.venue.onStep(qty, s.stepSize)) throw new BinanceError(400, -1013, 'Filter failure: LOT_SIZE');
    const cid = q.clientAlgoId ?? `fakealgo${this.nextAlgoId}`;
    if (this.algos.some((a) => a.algoStatus === 'NEW' && a.clientAlgoId === cid)) throw new BinanceError(400, -20132, 'The client algo id is duplicated.');
    const px = this.venue.priceOf(s.symbol);
    if (crosses(side, triggerPrice, px, true)) throw new BinanceError(400, -2021, 'Order would immediately trigger.');
    const now = this.venue.now();
    const a: Algo = {
      algoId: this.nextAlgoId++, clientAlgoId: cid, symbol: s.symbol, side, orderType: type, quantity: qty, triggerPrice, reduceOnly: q.reduceOnly === 'true',
      createTime: now, algoStatus: 'NEW', updateTime: now, triggerTime: 0, actualOrderId: '',
    };
    this.algos.push(a);
    return algoJson(a);
  }

  private findAlgo(q: Params): Algo | undefined {
    const id = q.algoId;
    const cid = q.clientAlgoId;
    if (!id && !cid) throw new BinanceError(400, -1102, "Param 'clientAlgoId' or 'algoId' must be sent, but both were empty/null!");
    const list = this.algos.filter((a) => (id ? String(a.algoId) === id : a.clientAlgoId === cid));
    return list[list.length - 1];
  }

  private positionRisk(v: 2 | 3, q: Params): Record<string, unknown>[] {
    return this.venue.symbols.list
      .filter((s) => !q.symbol || s.symbol === q.symbol)
      .map((s) => {
        const p = this.position(s.symbol);
        const mark = this.venue.priceOf(s.symbol);
        const notional = p.amount.times(mark);
        const lev = this.leverageOf.get(s.symbol) ?? 1;
        const isolated = this.marginTypeOf.get(s.symbol) === 'ISOLATED';
        const margin = notional.abs().div(lev);
        const base = {
          symbol: s.symbol, positionSide: 'BOTH', positionAmt: p.amount.toFixed(), entryPrice: p.entry.toFixed(), breakEvenPrice: p.entry.toFixed(),
          markPrice: mark.toFixed(), unRealizedProfit: mark.minus(p.entry).times(p.amount).toFixed(), liquidationPrice: '0',
          isolatedMargin: isolated ? margin.toFixed() : '0', notional: notional.toFixed(), isolatedWallet: isolated ? margin.toFixed() : '0', updateTime: this.venue.now(),
        };
        return v === 3
          ? { ...base, marginAsset: 'USDT', initialMargin: margin.toFixed(), maintMargin: notional.abs().times('0.004').toFixed(), positionInitialMargin: margin.toFixed(), openOrderInitialMargin: '0', adl: 0, bidNotional: '0', askNotional: '0' }
          : { ...base, leverage: String(lev), maxNotionalValue: '1000000', marginType: isolated ? 'isolated' : 'cross', isAutoAddMargin: 'false', isolated, adlQuantile: 0 };
      })
      .filter((r) => v === 2 || r.positionAmt !== '0');
  }

  private assets(): Record<string, string | number>[] {
    const used = this.usedMargin();
    const u = this.unrealized();
    const available = this.available().toFixed();
    return [{
      asset: 'USDT', walletBalance: this.wallet.toFixed(), unrealizedProfit: u.toFixed(), marginBalance: this.wallet.plus(u).toFixed(), maintMargin: '0',
      initialMargin: used.toFixed(), positionInitialMargin: used.toFixed(), openOrderInitialMargin: '0', crossWalletBalance: this.wallet.toFixed(),
      crossUnPnl: u.toFixed(), availableBalance: available, maxWithdrawAmount: available, updateTime: this.venue.now(),
    }];
  }
}

/** Binance "Query Order" shape, USDⓈ-M. */
function orderJson(o: Order): Record<string, unknown> {
  return {
    orderId: o.orderId, symbol: o.symbol, status: o.status, clientOrderId: o.clientOrderId, price: (o.price ?? ZERO).toFixed(),
    avgPrice: o.executedQty.gt(0) ? o.cumQuote.div(o.executedQty).toFixed(5) : '0.00000', origQty: o.origQty.toFixed(), executedQty: o.executedQty.toFixed(),
    cumQty: o.executedQty.toFixed(), cumQuote: o.cumQuote.toFixed(5), timeInForce: o.timeInForce, type: o.type, reduceOnly: o.reduceOnly, closePosition: false,
    side: o.side, positionSide: 'BOTH', stopPrice: '0', workingType: 'CONTRACT_PRICE', priceProtect: false, origType: o.type, priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER', goodTillDate: 0, time: o.time, updateTime: o.updateTime,
  };
}

/** Binance "New Algo Order" response shape (USDⓈ-M, Dec 2025). */
function algoJson(a: Algo): Record<string, unknown> {
  return {
    algoId: a.algoId, clientAlgoId: a.clientAlgoId, algoType: 'CONDITIONAL', orderType: a.orderType, symbol: a.symbol, side: a.side, positionSide: 'BOTH',
    timeInForce: 'GTC', quantity: a.quantity.toFixed(), algoStatus: a.algoStatus, triggerPrice: a.triggerPrice.toFixed(), price: '0', icebergQuantity: null,
    selfTradePreventionMode: 'EXPIRE_MAKER', workingType: 'CONTRACT_PRICE', priceMatch: 'NONE', closePosition: false, priceProtect: false,
    reduceOnly: a.reduceOnly, createTime: a.createTime, updateTime: a.updateTime, triggerTime: a.triggerTime, goodTillDate: 0, actualOrderId: a.actualOrderId,
  };
}
