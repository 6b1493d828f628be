/**
 * TEST SUPPORT ONLY: PaperVenuePort, the paper venue double: a whole trading venue behind Cascade's
 * VenuePort, filled from the trades a test feeds, with no network.
 *
 * Follows the documented VenuePort contract (core/src/ports/venue.ts: market, createOrder,
 * fetchOrderByClientId, cancelOrder, fetchOpenOrders, fetchPositions, fetchBalance, setLeverage,
 * setMarginMode, watchFills) and ccxt's unified error classes (docs.ccxt.com "Error Hierarchy":
 * InvalidOrder, InsufficientFunds, OrderNotFound, …), so callers treat a paper refusal as a venue's.
 */
import ccxt from 'ccxt';
import {
  type Clock,
  type Dec,
  type MarketSpec,
  type SimVenueModelInput,
  type Trade,
  type VenueBalance,
  type VenueCapabilities,
  type VenueFill,
  type VenueOrder,
  type VenueOrderRequest,
  type VenueOrderStatus,
  type VenuePort,
  type VenuePosition,
  ZERO,
  dec,
  fromTape,
  isLeveraged,
  roundTo,
} from '@cascade/core';
import type { SimFill } from './sim-fill.js';
import { type SimOrderView, SimOrderStatus } from './sim-order.js';
import { SimVenue } from './sim-venue.js';

/** One FIFO lot of the open position: a fill's quantity still open at its price. */
interface Lot {
  qty: Dec;
  readonly price: Dec;
}

interface Book {
  readonly market: MarketSpec;
  readonly sim: SimVenue;
  readonly leveraged: boolean;
  side: 'long' | 'short' | null;
  lots: Lot[];
  leverage: number;
  marginMode: 'isolated' | 'cross';
  lastPrice: Dec | null;
  /** Venue order id per client order id, in submission order. */
  readonly ids: Map<string, string>;
}

/** What the next `createOrder` does wrong: fail before the venue sees it, or after it has accepted it (a lost reply). */
export interface PaperFault {
  readonly at: 'before_accept' | 'after_accept';
  readonly error: Error;
}

export interface PaperVenuePortOptions {
  /** `VenuePort.id`; `paper` unless several paper venues run side by side. */
  readonly id?: string;
  /** Order timestamps; the sim's own clock follows the trades it is fed. */
  readonly clock: Clock;
  readonly markets: readonly MarketSpec[];
  /** The account's one settlement currency and its starting balance. */
  readonly balance: { readonly currency: string; readonly amount: string };
  readonly model?: SimVenueModelInput;
  readonly capabilities?: Partial<VenueCapabilities>;
}

const STATUS: Record<SimOrderStatus, VenueOrderStatus> = {
  [SimOrderStatus.New]: 'open',
  [SimOrderStatus.PartiallyFilled]: 'open',
  [SimOrderStatus.Filled]: 'closed',
  [SimOrderStatus.Canceled]: 'canceled',
  [SimOrderStatus.Rejected]: 'rejected',
};

/**
 * The paper venue behind the same port as the ccxt venues: orders go to core's `SimVenue` (one per
 * market: latency, slippage, fees, partial fills, reduce-only), fills come from the trades the owner
 * feeds (`trade`), and the account is kept exactly — FIFO lots per market, realised P&L and fees
 * into the wallet (perps) or the notional moved between quote and base (spot). Errors are ccxt's
 * classes, so callers classify a paper refusal exactly as a venue's.
 */
export class PaperVenuePort implements VenuePort {
  readonly id: string;
  readonly capabilities: VenueCapabilities;
  private readonly clock: Clock;
  private readonly currency: string;
  private wallet: Dec;
  private readonly books = new Map<string, Book>();
  private readonly fills: VenueFill[] = [];
  private readonly watchers = new Set<(f: VenueFill) => void>();
  private readonly acceptedListeners = new Set<(o: VenueOrder) => void>();
  private readonly faults: PaperFault[] = [];
  private seq = 0;
  private calls = 0;

  constructor(opts: PaperVenuePortOptions) {
    this.id = opts.id ?? 'paper';
    // SimVenue holds stops and reduce-only orders; a stop moves by cancel + replace (no amend on the port).
    this.capabilities = { reduceOnlyStop: true, amendStop: false, clientOrderIdMaxLength: 36, ...opts.capabilities };
    this.clock = opts.clock;
    this.currency = opts.balance.currency;
    this.wallet = dec(opts.balance.amount);
    for (const m of opts.markets) {
      if (m.quote !== this.currency) throw new Error(`paper venue ${this.id} settles in ${this.currency}; ${m.symbol} is quoted in ${m.quote}`);
      const leveraged = isLeveraged(m.marketType);
      this.books.set(m.symbol, { market: m, sim: new SimVenue(m, opts.model ?? {}), leveraged, side: null, lots: [], leverage: 1, marginMode: 'cross', lastPrice: null, ids: new Map() });
    }
  }

  // -- the port -------------------------------------------------------------------------------

  async market(symbol: string): Promise<MarketSpec> {
    return this.book(symbol).market;
  }

  async createOrder(req: VenueOrderRequest): Promise<VenueOrder> {
    this.calls += 1;
    const fault = this.faults.shift();
    if (fault?.at === 'before_accept') throw fault.error;
    const b = this.book(req.symbol);
    if (b.sim.order(req.clientOrderId) !== undefined) throw new ccxt.DuplicateOrderId(`${this.id} Duplicate order sent: clientOrderId ${req.clientOrderId}`);
    if (req.reduceOnly !== true) this.checkFunds(b, req);
    const price = req.type === 'limit' ? req.price : req.type === 'stop' ? req.stopPrice : undefined;
    const r = b.sim.submit({
      clientOrderId: req.clientOrderId,
      side: req.side,
      type: req.type,
      qty: req.amount,
      ...(price === undefined ? {} : { price }),
      ...(req.reduceOnly === true ? { reduceOnly: true } : {}),
      submittedAt: this.clock.now(),
    });
    b.ids.set(req.clientOrderId, `${this.id}-${++this.seq}`);
    if (!r.ok) throw new ccxt.InvalidOrder(`${this.id} ${r.reason}`);
    const accepted = this.venueOrder(b, r.order);
    for (const l of this.acceptedListeners) l(accepted);
    if (fault?.at === 'after_accept') throw fault.error;
    return this.venueOrder(b, this.view(b, req.clientOrderId));
  }

  async fetchOrderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | null> {
    const b = this.book(symbol);
    const v = b.sim.order(clientOrderId);
    return v === undefined ? null : this.venueOrder(b, v);
  }

  async cancelOrder(symbol: string, clientOrderId: string): Promise<void> {
    const b = this.book(symbol);
    const r = b.sim.cancel(clientOrderId, this.clock.now());
    if (!r.ok) throw new ccxt.OrderNotFound(`${this.id} ${r.reason}`);
    // The port's cancel returns once the venue confirms it: let the sim's latency pass now.
    b.sim.advanceTo(r.effectiveAt);
  }

  async fetchOpenOrders(symbol?: string): Promise<VenueOrder[]> {
    const out: VenueOrder[] = [];
    for (const b of this.selected(symbol === undefined ? undefined : [symbol])) for (const v of b.sim.openOrders()) out.push(this.venueOrder(b, v));
    return out;
  }

  async fetchPositions(symbols?: readonly string[]): Promise<VenuePosition[]> {
    const out: VenuePosition[] = [];
    for (const b of this.selected(symbols)) {
      if (b.side === null) continue;
      const amount = b.lots.reduce((s, l) => s.plus(l.qty), ZERO);
      const cost = b.lots.reduce((s, l) => s.plus(l.qty.times(l.price)), ZERO);
      const entry = roundTo(cost.div(amount), b.market.pricePrecision + b.market.amountPrecision, 'half');
      out.push({
        symbol: b.market.symbol,
        side: b.side,
        amount: amount.toFixed(),
        entryPrice: entry.toFixed(),
        leverage: b.leveraged ? b.leverage : null,
        marginMode: b.leveraged ? b.marginMode : null,
        unrealizedPnl: b.lastPrice === null ? null : this.unrealized(b, b.lastPrice).toFixed(),
      });
    }
    return out;
  }

  async fetchBalance(currency?: string): Promise<VenueBalance> {
    // One settlement currency only: a spot close asking for its base asset falls back to the recorded amount.
    if (currency !== undefined && currency !== this.currency) throw new ccxt.NotSupported(`${this.id} keeps only ${this.currency} balances`);
    const used = this.usedMargin();
    return { currency: this.currency, total: this.wallet.toFixed(), free: this.wallet.minus(used).toFixed(), used: used.toFixed() };
  }

  async fetchLastPrice(symbol: string): Promise<string> {
    const p = this.book(symbol).lastPrice;
    if (p === null) throw new ccxt.ExchangeError(`${this.id} ${symbol}: no trade yet, no last price`);
    return p.toFixed();
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    const b = this.book(symbol);
    if (!b.leveraged) throw new ccxt.NotSupported(`${this.id} ${symbol} is a spot market: no leverage`);
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > 125) throw new ccxt.BadRequest(`${this.id} leverage ${leverage} out of range 1–125`);
    b.leverage = leverage;
  }

  async setMarginMode(symbol: string, mode: 'isolated' | 'cross'): Promise<void> {
    const b = this.book(symbol);
    if (!b.leveraged) throw new ccxt.NotSupported(`${this.id} ${symbol} is a spot market: no margin mode`);
    b.marginMode = mode;
  }

  watchFills(onFill: (f: VenueFill) => void): () => Promise<void> {
    this.watchers.add(onFill);
    return async () => {
      this.watchers.delete(onFill);
    };
  }

  // -- the market side: what the owner (a live trade feed, a replay, a test) drives ------------

  /** The market's next trade: fills what it crosses, books the fills, tells the watchers. */
  trade(symbol: string, t: Trade): VenueFill[] {
    const b = this.book(symbol);
    b.lastPrice = fromTape(t.price, b.market.pricePrecision);
    const out: VenueFill[] = [];
    for (const f of b.sim.onTrade(t)) {
      this.bookFill(b, f);
      const vf: VenueFill = {
        tradeId: f.fillId,
        orderId: b.ids.get(f.clientOrderId) ?? f.clientOrderId,
        clientOrderId: f.clientOrderId,
        symbol,
        side: f.side,
        price: f.price.toFixed(),
        amount: f.qty.toFixed(),
        fee: { cost: f.fee.toFixed(), currency: f.feeCurrency },
        timestamp: f.ts,
      };
      this.fills.push(vf);
      out.push(vf);
      for (const w of this.watchers) w(vf);
    }
    return out;
  }

  /** Called synchronously when an order is accepted, before `createOrder` returns: where a test plays the market's answer. */
  onAccepted(listener: (o: VenueOrder) => void): () => void {
    this.acceptedListeners.add(listener);
    return () => this.acceptedListeners.delete(listener);
  }

  /** The next `createOrder` call fails this way (queued: one fault per call). */
  injectFault(f: PaperFault): void {
    this.faults.push(f);
  }

  /** The account's fills on `symbol` at or after `since`, oldest first (ccxt `fetchMyTrades`). */
  fillsSince(symbol: string, since: number): VenueFill[] {
    return this.fills.filter((f) => f.symbol === symbol && f.timestamp >= since);
  }

  /** Orders the venue holds (accepted or refused after acceptance), per market or in all. */
  orderCount(symbol?: string): number {
    let n = 0;
    for (const b of this.selected(symbol === undefined ? undefined : [symbol])) n += b.ids.size;
    return n;
  }

  /** Every `createOrder` call, including those that failed. */
  get createOrderCalls(): number {
    return this.calls;
  }

  // -- internals ------------------------------------------------------------------------------

  private book(symbol: string): Book {
    const b = this.books.get(symbol);
    if (!b) throw new ccxt.BadSymbol(`${this.id} does not have market symbol ${symbol}`);
    return b;
  }

  private selected(symbols: readonly string[] | undefined): Book[] {
    return symbols === undefined ? [...this.books.values()] : symbols.map((s) => this.book(s));
  }

  private view(b: Book, cid: string): SimOrderView {
    const v = b.sim.order(cid);
    if (v === undefined) throw new Error(`order ${cid} vanished from the paper venue`);
    return v;
  }

  /** Margin (perps) or notional (spot buys) plus the taker fee must be free; a spot sell needs the base. */
  private checkFunds(b: Book, req: VenueOrderRequest): void {
    const ref = req.price ?? req.stopPrice ?? b.lastPrice?.toFixed();
    // A market order before any trade is priced on its first trade; the sim checks min notional there.
    if (ref === undefined) return;
    const amount = dec(req.amount);
    const notional = dec(ref).times(amount);
    const fee = notional.times(dec(b.market.takerFee));
    if (!b.leveraged && req.side === 'sell') {
      const held = b.side === 'long' ? b.lots.reduce((s, l) => s.plus(l.qty), ZERO) : ZERO;
      if (amount.gt(held)) throw new ccxt.InsufficientFunds(`${this.id} Account has insufficient balance: selling ${amount.toFixed()} ${b.market.base}, holding ${held.toFixed()}`);
      return;
    }
    const need = (b.leveraged ? notional.div(b.leverage) : notional).plus(fee);
    const free = this.wallet.minus(this.usedMargin());
    if (need.gt(free)) throw new ccxt.InsufficientFunds(`${this.id} Account has insufficient balance for requested action: need ${need.toFixed()} ${this.currency}, free ${free.toFixed()}`);
  }

  /** Book one fill: reduce the opposite lots first (FIFO, realising P&L), open the rest. */
  private bookFill(b: Book, f: SimFill): void {
    const opening = f.side === 'buy' ? 'long' : 'short';
    let qty = f.qty;
    let realized = ZERO;
    if (b.side !== null && b.side !== opening) {
      while (qty.gt(0) && b.lots.length > 0) {
        const lot = b.lots[0] as Lot;
        const take = qty.lt(lot.qty) ? qty : lot.qty;
        realized = realized.plus((b.side === 'long' ? f.price.minus(lot.price) : lot.price.minus(f.price)).times(take));
        lot.qty = lot.qty.minus(take);
        qty = qty.minus(take);
        if (lot.qty.eq(0)) b.lots.shift();
      }
      if (b.lots.length === 0) b.side = null;
    }
    if (qty.gt(0)) {
      b.side = opening;
      b.lots.push({ qty, price: f.price });
    }
    if (b.leveraged) this.wallet = this.wallet.plus(realized).minus(f.fee);
    else this.wallet = f.side === 'buy' ? this.wallet.minus(f.notional).minus(f.fee) : this.wallet.plus(f.notional).minus(f.fee);
  }

  private unrealized(b: Book, mark: Dec): Dec {
    return b.lots.reduce((s, l) => s.plus((b.side === 'long' ? mark.minus(l.price) : l.price.minus(mark)).times(l.qty)), ZERO);
  }

  /** Initial margin of the open perp lots at their entry prices, rounded up to the quote's 8 places. */
  private usedMargin(): Dec {
    let used = ZERO;
    for (const b of this.books.values()) {
      if (!b.leveraged || b.side === null) continue;
      const notional = b.lots.reduce((s, l) => s.plus(l.qty.times(l.price)), ZERO);
      used = used.plus(roundTo(notional.div(b.leverage), 8, 'up'));
    }
    return used;
  }

  private venueOrder(b: Book, v: SimOrderView): VenueOrder {
    const filled = v.filledQty;
    return {
      id: b.ids.get(v.clientOrderId) ?? v.clientOrderId,
      clientOrderId: v.clientOrderId,
      symbol: b.market.symbol,
      side: v.side,
      type: v.type,
      status: STATUS[v.status],
      amount: v.qty.toFixed(),
      filled: filled.toFixed(),
      // One fill: its price exactly. Several: the notional-weighted mean (a display value, as ccxt's).
      average: filled.eq(0) ? null : v.fills === 1 ? v.filledNotional.div(filled).toFixed() : roundTo(v.filledNotional.div(filled), b.market.pricePrecision + 8, 'half').toFixed(),
      price: v.type === 'limit' && v.price !== null ? v.price.toFixed() : null,
      stopPrice: v.type === 'stop' && v.price !== null ? v.price.toFixed() : null,
      reduceOnly: v.reduceOnly,
      fee: { cost: v.fees.toFixed(), currency: b.market.quote },
      timestamp: v.submittedAt,
    };
  }
}
