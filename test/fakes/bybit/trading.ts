/**
 * TEST SUPPORT ONLY: the unified trading account of the Bybit fake: linear USDT-perpetual and spot
 * orders on one wallet, one-way positions, conditional (trigger) orders, leverage and executions.
 *
 * Follows Bybit's documented V5 Trade and Position endpoints:
 * - `POST /v5/order/create` (docs/v5/order/create-order): Market orders fill at once at the last price
 *   the test set; Limit orders rest until the price reaches them. A `triggerPrice` makes a conditional
 *   order (status Untriggered, no margin held) that needs `triggerDirection` 1 (rise) / 2 (fall) and
 *   must lie on that side of the last price (110092 "expect Rising…", 110093 "expect Falling…"); when
 *   the last price reaches it, it becomes a market order. `reduceOnly` only reduces the position (qty
 *   cut to the position; nothing to reduce: 110017, or, once triggered, Cancelled with cancelType
 *   CancelByReduceOnly). Qty on `qtyStep`, ≥ `minOrderQty`, ≤ `maxMktOrderQty` for market orders, value
 *   ≥ `minNotionalValue` (110094), margin at the symbol's leverage (110007 "Available balance is
 *   insufficient"). Spot: Market and Limit, no conditional orders; a market Buy's qty is quote (USDT)
 *   unless `marketUnit` is baseCoin; the fee is taken from the coin received; 170131 on short balance.
 *   The answer is only {orderId, orderLinkId} (the order is asynchronous on Bybit; here it is applied
 *   before the answer, so the next query sees it).
 * - `POST /v5/order/cancel` (docs/v5/order/cancel-order): by orderId or orderLinkId; only unfilled or
 *   partially filled orders (else 110001 / spot 170213); a conditional one becomes Deactivated.
 * - `GET /v5/order/realtime`, `GET /v5/order/history`, `GET /v5/execution/list` (see orders.ts).
 * - `GET /v5/position/list` (docs/v5/position/position): by symbol, that symbol even when flat; by
 *   settleCoin, the non-empty positions; side Buy / Sell / "", size, avgPrice, liqPrice, leverage.
 * - `POST /v5/position/set-leverage` (docs/v5/position/leverage): buyLeverage = sellLeverage in one-way
 *   mode, within the instrument's leverageFilter; unchanged is 110043 "Set leverage has not been modified.".
 * Fees: linear taker 0.055 %, maker 0.02 %; spot 0.1 % (Bybit's non-VIP rates). Liquidation price, as
 * Bybit's help centre gives it for isolated margin: long avg × (1 − 1/leverage + MMR), short
 * avg × (1 + 1/leverage − MMR), MMR 0.5 % (the first risk tier of BTCUSDT); shown as an estimate in
 * cross mode too. Not modelled: hedge mode, TP/SL attached to orders, trailing stops, partial fills,
 * liquidation itself, funding, mark / index prices (all equal the last price).
 */
import Big from 'big.js';
import { BybitError, type Params, bool, decimal, paramError, required, str } from './bybit-error.js';
import type { Category, FakeBybitSymbol, InstrumentTable } from './instruments.js';
import { type Execution, type Order, OrderStore, type Side, ZERO, checkLinkId, executionJson, isConditional, isOpen, orderJson } from './orders.js';
import type { Routes } from './server.js';

const LINEAR_TAKER = new Big('0.00055');
const LINEAR_MAKER = new Big('0.0002');
const SPOT_FEE = new Big('0.001');
const MMR = new Big('0.005');

export type MarginMode = 'REGULAR_MARGIN' | 'ISOLATED_MARGIN' | 'PORTFOLIO_MARGIN';

interface Position {
  /** Signed size, long > 0. */
  size: Big;
  avgPrice: Big;
  cumRealisedPnl: Big;
  createdTime: number;
  updatedTime: number;
}

/** What a test sees of a linear position. */
export interface FakeBybitPosition {
  readonly side: 'Buy' | 'Sell' | '';
  readonly size: string;
  readonly avgPrice: string;
  readonly liqPrice: string;
  readonly leverage: string;
}

const onStep = (v: Big, step: string): boolean => v.mod(new Big(step)).eq(0);
const dir = (side: Side): 1 | -1 => (side === 'Buy' ? 1 : -1);

export class Trading {
  readonly store = new OrderStore();
  marginMode: MarginMode = 'REGULAR_MARGIN';
  private readonly prices: Map<string, Big>;
  private readonly positions = new Map<string, Position>();
  private readonly leverageOf: Map<string, Big>;
  private readonly coins: Map<string, Big>;

  constructor(
    private readonly instruments: InstrumentTable,
    private readonly now: () => number,
    wallet: Readonly<Record<string, string>>,
  ) {
    // Round numbers the tests work their expectations from.
    this.prices = new Map(instruments.list.map((s) => [s.symbol, new Big(s.baseCoin === 'BTC' ? '60000' : '3000')]));
    // Bybit's default leverage for a new USDT perpetual on a unified account.
    this.leverageOf = new Map(instruments.list.map((s) => [s.symbol, new Big(10)]));
    this.coins = new Map(Object.entries(wallet).map(([c, v]) => [c, new Big(v)]));
  }

  priceOf(symbol: string): Big {
    return this.prices.get(symbol) as Big;
  }

  coin(c: string): Big {
    return this.coins.get(c) ?? ZERO;
  }

  leverage(symbol: string): Big {
    return this.leverageOf.get(symbol) ?? new Big(10);
  }

  position(symbol: string): Position {
    let p = this.positions.get(symbol);
    if (!p) this.positions.set(symbol, (p = { size: ZERO, avgPrice: ZERO, cumRealisedPnl: ZERO, createdTime: this.now(), updatedTime: this.now() }));
    return p;
  }

  positionView(symbol: string): FakeBybitPosition {
    const j = this.positionJson(this.instruments.require({ symbol }, 'linear'));
    return { side: j.side as FakeBybitPosition['side'], size: j.size as string, avgPrice: j.avgPrice as string, liqPrice: j.liqPrice as string, leverage: j.leverage as string };
  }

  /** The last price moved: fill the limits it reached, then fire the conditional orders it crossed. */
  setPrice(symbol: string, price: Big): void {
    this.prices.set(symbol, price);
    for (const o of this.store.orders.filter((x) => x.symbol === symbol && x.orderStatus === 'New' && x.orderType === 'Limit')) {
      const limit = o.price as Big;
      if (o.side === 'Buy' ? price.lte(limit) : price.gte(limit)) this.fill(o, limit, true);
    }
    for (const o of this.store.orders.filter((x) => x.symbol === symbol && x.orderStatus === 'Untriggered')) {
      const trigger = o.triggerPrice as Big;
      if (o.triggerDirection === 1 ? price.gte(trigger) : price.lte(trigger)) this.trigger(o, price);
    }
  }

  routes(): Routes {
    return {
      'POST /v5/order/create': { signed: true, handle: (q) => this.create(q) },
      'POST /v5/order/cancel': { signed: true, handle: (q) => this.cancel(q) },
      'GET /v5/order/realtime': {
        signed: true,
        handle: (q) => {
          const category = this.category(q);
          const list = this.store.realtime(category, q, this.symbolFilter(q, category, true)).slice(0, Number(str(q, 'limit') ?? '20'));
          return { category, list: list.map((o) => this.orderJson(o)), nextPageCursor: '' };
        },
      },
      'GET /v5/order/history': {
        signed: true,
        handle: (q) => {
          const category = this.category(q);
          return { category, list: this.store.history(category, q, this.symbolFilter(q, category, false)).map((o) => this.orderJson(o)), nextPageCursor: '' };
        },
      },
      'GET /v5/execution/list': { signed: true, handle: (q) => this.executionList(q) },
      'GET /v5/position/list': { signed: true, handle: (q) => this.positionList(q) },
      'POST /v5/position/set-leverage': { signed: true, handle: (q) => this.setLeverage(q) },
    };
  }

  // --- orders ---------------------------------------------------------------------------------

  private category(q: Params): Category {
    const c = str(q, 'category');
    if (c === 'linear' || c === 'spot') return c;
    if (c === 'inverse' || c === 'option') throw paramError(`params error: category ${c} is not modelled by the fake`);
    throw paramError('params error: category is required');
  }

  /** The symbols a query selects; `strict`: linear needs symbol, baseCoin or settleCoin (docs/v5/order/open-order). */
  private symbolFilter(q: Params, category: Category, strict: boolean): (symbol: string) => boolean {
    const symbol = str(q, 'symbol');
    if (symbol !== undefined) {
      this.instruments.require(q, category);
      return (s) => s === symbol;
    }
    if (strict && category === 'linear' && str(q, 'settleCoin') === undefined && str(q, 'baseCoin') === undefined) {
      throw paramError('params error: symbol, baseCoin or settleCoin is required for linear');
    }
    const settle = str(q, 'settleCoin');
    const base = str(q, 'baseCoin');
    return (s) => {
      const i = this.instruments.list.find((x) => x.symbol === s);
      return i !== undefined && (settle === undefined || i.quoteCoin === settle) && (base === undefined || i.baseCoin === base);
    };
  }

  private orderJson(o: Order): Record<string, unknown> {
    return orderJson(o, this.priceOf(o.symbol).toFixed());
  }

  private create(q: Params): Record<string, string> {
    const category = this.category(q);
    const s = this.instruments.require(q, category);
    const side = required(q, 'side');
    if (side !== 'Buy' && side !== 'Sell') throw paramError('params error: side invalid');
    const orderType = required(q, 'orderType');
    if (orderType !== 'Market' && orderType !== 'Limit') throw paramError('params error: orderType invalid');
    const qty = decimal(q, 'qty', true) as Big;
    if (qty.lte(0)) throw paramError('params error: qty invalid');
    const link = str(q, 'orderLinkId') ?? '';
    if (link !== '') {
      checkLinkId(link);
      if (this.store.hasLinkId(category, link)) throw category === 'spot' ? new BybitError(170141, 'Duplicate clientOrderId') : new BybitError(110072, 'OrderLinkedID is duplicate');
    }
    const price = orderType === 'Limit' ? (decimal(q, 'price', true) as Big) : null;
    const triggerPrice = decimal(q, 'triggerPrice', false);
    const common = { side: side as Side, orderType: orderType as 'Market' | 'Limit', qty, price, triggerPrice, link, timeInForce: str(q, 'timeInForce') ?? (orderType === 'Market' ? 'IOC' : 'GTC') };
    const o = category === 'linear' ? this.createLinear(s, q, common) : this.createSpot(s, q, common);
    return { orderId: o.orderId, orderLinkId: o.orderLinkId };
  }

  private newOrder(category: Category, s: FakeBybitSymbol, f: Partial<Order> & Pick<Order, 'side' | 'orderType' | 'qty' | 'price' | 'orderLinkId' | 'timeInForce'>): Order {
    const now = this.now();
    const o: Order = {
      category, orderId: this.store.nextOrderId(category), symbol: s.symbol, triggerPrice: null, triggerDirection: 0, reduceOnly: false, closeOnTrigger: false,
      marketUnit: '', quoteQty: null, createdTime: now, orderStatus: 'New', cumExecQty: ZERO, cumExecValue: ZERO, cumExecFee: ZERO,
      feeCoin: s.quoteCoin, cancelType: 'UNKNOWN', rejectReason: 'EC_NoError', updatedTime: now, ...f,
    };
    this.store.orders.push(o);
    return o;
  }

  private createLinear(s: FakeBybitSymbol, q: Params, c: { side: Side; orderType: 'Market' | 'Limit'; qty: Big; price: Big | null; triggerPrice: Big | null; link: string; timeInForce: string }): Order {
    const l = s.linear;
    if (!onStep(c.qty, l.qtyStep) || c.qty.lt(l.minOrderQty)) throw paramError(`params error: qty must be a multiple of ${l.qtyStep} and at least ${l.minOrderQty}`);
    if (c.qty.gt(c.orderType === 'Market' ? l.maxMktOrderQty : l.maxOrderQty)) throw paramError('params error: qty exceeds the maximum order qty');
    if (c.price !== null && (!onStep(c.price, l.tickSize) || c.price.lt(l.minPrice) || c.price.gt(l.maxPrice))) throw paramError('params error: price invalid');
    const reduceOnly = bool(q, 'reduceOnly');
    const closeOnTrigger = bool(q, 'closeOnTrigger');
    const last = this.priceOf(s.symbol);
    const fields = { side: c.side, orderType: c.orderType, qty: c.qty, price: c.price, orderLinkId: c.link, timeInForce: c.timeInForce, reduceOnly, closeOnTrigger };
    if (c.triggerPrice !== null) {
      if (!onStep(c.triggerPrice, l.tickSize)) throw paramError('params error: triggerPrice invalid');
      const td = str(q, 'triggerDirection');
      if (td !== '1' && td !== '2') throw paramError('params error: TriggerDirection invalid');
      const t = c.triggerPrice.toFixed();
      if (td === '1' && c.triggerPrice.lte(last)) throw new BybitError(110092, `expect Rising, but trigger_price[${t}] <= current[${last.toFixed()}]??LastPrice`);
      if (td === '2' && c.triggerPrice.gte(last)) throw new BybitError(110093, `expect Falling, but trigger_price[${t}] >= current[${last.toFixed()}]??LastPrice`);
      if (!reduceOnly) this.checkOpening(s, c.qty, c.price ?? c.triggerPrice, false);
      // A conditional order holds no margin until it triggers.
      return this.newOrder('linear', s, { ...fields, triggerPrice: c.triggerPrice, triggerDirection: td === '1' ? 1 : 2, orderStatus: 'Untriggered' });
    }
    let qty = c.qty;
    if (reduceOnly) {
      const reducible = this.reducible(s.symbol, c.side);
      if (reducible.eq(0)) throw new BybitError(110017, 'Reduce-only rule not satisfied');
      if (qty.gt(reducible)) qty = reducible;
    } else {
      this.checkOpening(s, qty, c.price ?? last, true);
    }
    const o = this.newOrder('linear', s, { ...fields, qty });
    if (c.orderType === 'Market') this.fill(o, last, false);
    else if (c.side === 'Buy' ? last.lte(c.price as Big) : last.gte(c.price as Big)) this.fill(o, last, false);
    return o;
  }

  /** How much an order of `side` can reduce: the opposite position's size, else 0. */
  private reducible(symbol: string, side: Side): Big {
    const p = this.position(symbol);
    return p.size.eq(0) || p.size.gt(0) === (side === 'Buy') ? ZERO : p.size.abs();
  }

  /** Minimum value (110094) and, when `margin`, the initial margin at the symbol's leverage (110007). */
  private checkOpening(s: FakeBybitSymbol, qty: Big, price: Big, margin: boolean): void {
    const value = qty.times(price);
    if (value.lt(s.linear.minNotionalValue)) throw new BybitError(110094, `Order does not meet minimum order value ${s.linear.minNotionalValue}USDT`);
    if (margin && value.div(this.leverage(s.symbol)).plus(value.times(LINEAR_TAKER)).gt(this.availableUsdt())) throw new BybitError(110007, 'Available balance is insufficient');
  }

  private createSpot(s: FakeBybitSymbol, q: Params, c: { side: Side; orderType: 'Market' | 'Limit'; qty: Big; price: Big | null; triggerPrice: Big | null; link: string; timeInForce: string }): Order {
    const filter = str(q, 'orderFilter');
    if (c.triggerPrice !== null || (filter !== undefined && filter !== 'Order')) throw paramError('params error: spot conditional and TP/SL orders are not modelled by the fake');
    const p = s.spot;
    const unit = str(q, 'marketUnit');
    const byQuote = c.orderType === 'Market' && (unit === 'quoteCoin' || (unit === undefined && c.side === 'Buy'));
    const last = this.priceOf(s.symbol);
    if (c.price !== null && !onStep(c.price, p.tickSize)) throw new BybitError(170134, 'Order price decimal too long.');
    let qty = c.qty;
    if (byQuote) {
      qty = c.qty.div(last).round(decimalsOf(p.basePrecision), Big.roundDown);
    } else if (!onStep(qty, p.basePrecision)) throw new BybitError(170137, 'Order volume decimal too long');
    if (qty.lt(p.minOrderQty)) throw new BybitError(170136, 'Order quantity lower than the minimum.');
    const value = qty.times(c.price ?? last);
    if (value.lt(p.minOrderAmt)) throw new BybitError(170140, 'Order value exceeded lower limit');
    if (c.side === 'Buy' ? value.gt(this.coin(s.quoteCoin)) : qty.gt(this.coin(s.baseCoin))) throw new BybitError(170131, 'Insufficient balance.');
    const o = this.newOrder('spot', s, {
      side: c.side, orderType: c.orderType, qty, price: c.price, orderLinkId: c.link, timeInForce: c.timeInForce,
      marketUnit: c.orderType === 'Market' ? (byQuote ? 'quoteCoin' : 'baseCoin') : '', quoteQty: byQuote ? c.qty : null,
      feeCoin: c.side === 'Buy' ? s.baseCoin : s.quoteCoin,
    });
    if (c.orderType === 'Market' || (c.side === 'Buy' ? last.lte(c.price as Big) : last.gte(c.price as Big))) this.fill(o, last, false);
    return o;
  }

  private cancel(q: Params): Record<string, string> {
    const category = this.category(q);
    const s = this.instruments.require(q, category);
    const o = this.store.find(category, s.symbol, q);
    if (o === undefined || !isOpen(o)) throw category === 'spot' ? new BybitError(170213, 'Order does not exist.') : new BybitError(110001, 'Order does not exist');
    o.orderStatus = isConditional(o) ? 'Deactivated' : 'Cancelled';
    o.cancelType = 'CancelByUser';
    o.updatedTime = this.now();
    return { orderId: o.orderId, orderLinkId: o.orderLinkId };
  }

  /** A conditional order reached: it becomes a market order at the last price (reduce-only cut to the position). */
  private trigger(o: Order, price: Big): void {
    o.orderStatus = 'Triggered';
    o.updatedTime = this.now();
    if (o.reduceOnly) {
      const reducible = this.reducible(o.symbol, o.side);
      if (reducible.eq(0)) {
        o.orderStatus = 'Cancelled';
        o.cancelType = 'CancelByReduceOnly';
        return;
      }
      if (o.qty.gt(reducible)) o.qty = reducible;
    }
    o.orderStatus = 'New';
    this.fill(o, o.orderType === 'Limit' ? (o.price as Big) : price, false);
  }

  /** Fills the whole rest of `o` at `price` and moves the wallet and the position. */
  private fill(o: Order, price: Big, maker: boolean): void {
    const s = this.instruments.require({ symbol: o.symbol }, o.category);
    const qty = o.qty.minus(o.cumExecQty);
    const value = qty.times(price);
    const now = this.now();
    let fee: Big;
    let closed = ZERO;
    let rate: Big;
    if (o.category === 'linear') {
      rate = maker ? LINEAR_MAKER : LINEAR_TAKER;
      fee = value.times(rate);
      const p = this.position(o.symbol);
      const signed = qty.times(dir(o.side));
      let realised = ZERO;
      if (p.size.eq(0) || p.size.gt(0) === signed.gt(0)) {
        const size = p.size.plus(signed);
        p.avgPrice = p.avgPrice.times(p.size.abs()).plus(value).div(size.abs());
        if (p.size.eq(0)) p.createdTime = now;
        p.size = size;
      } else {
        closed = qty.lt(p.size.abs()) ? qty : p.size.abs();
        realised = price.minus(p.avgPrice).times(closed).times(p.size.gt(0) ? 1 : -1);
        const size = p.size.plus(signed);
        if (size.eq(0)) p.avgPrice = ZERO;
        else if (size.gt(0) !== p.size.gt(0)) p.avgPrice = price;
        p.size = size;
      }
      p.cumRealisedPnl = p.cumRealisedPnl.plus(realised).minus(fee);
      p.updatedTime = now;
      this.addCoin(s.quoteCoin, realised.minus(fee));
    } else {
      rate = SPOT_FEE;
      if (o.side === 'Buy') {
        fee = qty.times(rate);
        this.addCoin(s.quoteCoin, value.neg());
        this.addCoin(s.baseCoin, qty.minus(fee));
      } else {
        fee = value.times(rate);
        this.addCoin(s.baseCoin, qty.neg());
        this.addCoin(s.quoteCoin, value.minus(fee));
      }
    }
    o.cumExecQty = o.cumExecQty.plus(qty);
    o.cumExecValue = o.cumExecValue.plus(value);
    o.cumExecFee = o.cumExecFee.plus(fee);
    o.orderStatus = 'Filled';
    o.updatedTime = now;
    const { execId, seq } = this.store.nextExecId();
    const e: Execution = {
      category: o.category, execId, orderId: o.orderId, orderLinkId: o.orderLinkId, symbol: o.symbol, side: o.side, execPrice: price, execQty: qty, execFee: fee,
      feeCurrency: o.feeCoin, feeRate: rate, isMaker: maker, closedSize: closed, execTime: now, seq,
    };
    this.store.executions.push(e);
  }

  private addCoin(c: string, delta: Big): void {
    this.coins.set(c, this.coin(c).plus(delta));
  }

  // --- positions and wallet ---------------------------------------------------------------------

  private unrealised(symbol: string): Big {
    const p = this.position(symbol);
    return this.priceOf(symbol).minus(p.avgPrice).times(p.size);
  }

  /** Initial margin of the open positions, at their entry value and leverage. */
  positionIM(): Big {
    return this.instruments.list.reduce((acc, s) => {
      const p = this.position(s.symbol);
      return acc.plus(p.size.abs().times(p.avgPrice).div(this.leverage(s.symbol)));
    }, ZERO);
  }

  /** Margin resting linear limit orders that open hold (conditional orders hold none). */
  orderIM(): Big {
    return this.store.orders
      .filter((o) => o.category === 'linear' && o.orderStatus === 'New' && !o.reduceOnly && o.price !== null)
      .reduce((acc, o) => acc.plus(o.qty.minus(o.cumExecQty).times(o.price as Big).div(this.leverage(o.symbol))), ZERO);
  }

  unrealisedTotal(): Big {
    return this.instruments.list.reduce((acc, s) => acc.plus(this.unrealised(s.symbol)), ZERO);
  }

  availableUsdt(): Big {
    return this.coin('USDT').plus(this.unrealisedTotal()).minus(this.positionIM()).minus(this.orderIM());
  }

  private positionJson(s: FakeBybitSymbol): Record<string, unknown> {
    const p = this.position(s.symbol);
    const lev = this.leverage(s.symbol);
    const mark = this.priceOf(s.symbol);
    const size = p.size.abs();
    const flat = size.eq(0);
    const long = p.size.gt(0);
    const inv = new Big(1).div(lev);
    const liq = flat ? null : long ? p.avgPrice.times(new Big(1).minus(inv).plus(MMR)) : p.avgPrice.times(new Big(1).plus(inv).minus(MMR));
    const liqShown = liq === null || liq.lte(s.linear.minPrice) || liq.gte(s.linear.maxPrice) ? '' : liq.round(decimalsOf(s.linear.tickSize), long ? Big.roundUp : Big.roundDown).toFixed();
    const value = size.times(p.avgPrice);
    return {
      positionIdx: 0, riskId: 1, riskLimitValue: '2000000', symbol: s.symbol, side: flat ? '' : long ? 'Buy' : 'Sell', size: size.toFixed(),
      avgPrice: flat ? '0' : p.avgPrice.toFixed(), positionValue: value.toFixed(), autoAddMargin: 0, positionStatus: 'Normal', leverage: lev.toFixed(),
      breakEvenPrice: flat ? '0' : p.avgPrice.toFixed(), markPrice: mark.toFixed(), liqPrice: liqShown, bustPrice: '', positionIM: value.div(lev).toFixed(),
      positionIMByMp: size.times(mark).div(lev).toFixed(), positionMM: value.times(MMR).toFixed(), positionMMByMp: size.times(mark).times(MMR).toFixed(),
      takeProfit: '', stopLoss: '', trailingStop: '0', sessionAvgPrice: '', delta: '', gamma: '', vega: '', theta: '', unrealisedPnl: this.unrealised(s.symbol).toFixed(),
      curRealisedPnl: '0', cumRealisedPnl: p.cumRealisedPnl.toFixed(), adlRankIndicator: flat ? 0 : 2, createdTime: String(p.createdTime), updatedTime: String(p.updatedTime),
      openTime: 0, seq: -1, isReduceOnly: false, mmrSysUpdatedTime: '', leverageSysUpdatedTime: '', tpslMode: 'Full', positionBalance: '', tradeMode: 0,
    };
  }

  private positionList(q: Params): Record<string, unknown> {
    const category = this.category(q);
    if (category !== 'linear') throw paramError('params error: category only support linear, inverse and option');
    const symbol = str(q, 'symbol');
    let list: Record<string, unknown>[];
    if (symbol !== undefined) list = [this.positionJson(this.instruments.require(q, 'linear'))];
    else {
      const settle = str(q, 'settleCoin');
      const base = str(q, 'baseCoin');
      if (settle === undefined && base === undefined) throw paramError('params error: symbol, baseCoin or settleCoin is required');
      list = this.instruments.list
        .filter((s) => (settle === undefined || s.quoteCoin === settle) && (base === undefined || s.baseCoin === base) && !this.position(s.symbol).size.eq(0))
        .map((s) => this.positionJson(s));
    }
    return { category, list, nextPageCursor: '' };
  }

  private setLeverage(q: Params): Record<string, never> {
    if (this.category(q) !== 'linear') throw paramError('params error: category invalid');
    const s = this.instruments.require(q, 'linear');
    const buy = decimal(q, 'buyLeverage', true) as Big;
    const sell = decimal(q, 'sellLeverage', true) as Big;
    if (!buy.eq(sell)) throw paramError('params error: buy leverage must equal sell leverage in one-way mode');
    if (buy.lt(1) || buy.gt(s.linear.maxLeverage)) throw paramError(`params error: leverage must be within 1 and ${s.linear.maxLeverage}`);
    if (buy.eq(this.leverage(s.symbol))) throw new BybitError(110043, 'Set leverage has not been modified.');
    this.leverageOf.set(s.symbol, buy);
    return {};
  }

  private executionList(q: Params): Record<string, unknown> {
    const category = this.category(q);
    const ok = this.symbolFilter(q, category, false);
    const orderId = str(q, 'orderId');
    const link = str(q, 'orderLinkId');
    const start = str(q, 'startTime');
    const end = str(q, 'endTime');
    const limit = Math.min(Number(str(q, 'limit') ?? '50'), 100);
    const list = this.store.executions
      .filter((e) => e.category === category && ok(e.symbol) && (orderId === undefined || e.orderId === orderId) && (link === undefined || e.orderLinkId === link))
      .filter((e) => (start === undefined || e.execTime >= Number(start)) && (end === undefined || e.execTime <= Number(end)))
      .reverse()
      .slice(0, limit);
    return {
      category,
      list: list.map((e) => executionJson(e, this.store.orders.find((o) => o.orderId === e.orderId), this.priceOf(e.symbol).toFixed())),
      nextPageCursor: '',
    };
  }
}

function decimalsOf(step: string): number {
  return step.includes('.') ? (step.split('.')[1]?.length ?? 0) : 0;
}
