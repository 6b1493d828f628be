/**
 * TEST SUPPORT ONLY: SimVenue, the matching engine of the paper venue double (one market, driven by
 * that market's trades on the tape's clock).
 *
 * Follows core's simulated-venue model (core SimVenueModelSchema: request latency, fixed + size-impact
 * slippage, maker / taker fees) and the exchange order semantics ccxt documents for its unified API
 * (market / limit / stop-market, reduce-only, partial fills, idempotent client order ids).
 */
import { type Dec, dec, fromTape, roundTo, ZERO, type MarketSpec, type Trade, RollingSum, requestLatencyMs, type SimVenueModel, type SimVenueModelInput, SimVenueModelSchema, takerPrice, takerSlippageBps } from '@cascade/core';
import { Liquidity, type SimFill } from './sim-fill.js';
import {
  type SimOrderRequest,
  SimOrderSide,
  SimOrderStatus,
  SimOrderType,
  type SimOrderView,
  type SimRequestResult,
  type SubmitResult,
} from './sim-order.js';

const POSITIVE_DECIMAL = /^\d+(\.\d+)?$/;
/** Returned when a trade fills nothing: the common case allocates nothing. */
const NO_FILLS: readonly SimFill[] = Object.freeze([]);

interface OrderRecord {
  readonly clientOrderId: string;
  readonly side: SimOrderSide;
  readonly type: SimOrderType;
  readonly qty: Dec;
  readonly reduceOnly: boolean;
  readonly submittedAt: number;
  readonly activeAt: number;
  readonly expiresAt: number | null;
  price: Dec | null;
  /** `price` as its nearest double: crossing checks run on every trade without allocating, and the
   * nearest-double map is monotone, so comparisons agree with the decimals'. */
  priceNum: number;
  status: SimOrderStatus;
  reason: string | null;
  filled: Dec;
  notional: Dec;
  fees: Dec;
  fills: number;
  triggeredAt: number | null;
  /** A limit has met its first trade since it (re)arrived: from now on a crossing fills it as maker. */
  resting: boolean;
  /** A market order accepted before any trade was seen: min notional is checked on its first trade. */
  checkNotionalOnArrival: boolean;
  cancelAt: number | null;
  pendingPrice: Dec | null;
  pendingAmendSeq: number;
}

interface PendingRequest {
  readonly effectiveAt: number;
  readonly seq: number;
  readonly order: OrderRecord;
  readonly price: Dec | null; // null = cancel
}

export interface SimVenueOptions {
  /** Net base position the venue starts with (positive long, negative short); reduce-only orders use it. */
  readonly initialPosition?: string;
}

const isOpen = (o: OrderRecord): boolean => o.status === SimOrderStatus.New || o.status === SimOrderStatus.PartiallyFilled;

/**
 * A simulated venue for one market, driven by that market's trades on the tape's clock — the same code
 * for the backtester and the paper venue, so both fill alike. Deterministic: no wall clock, no
 * randomness; fill ids derive from the client order id and the fill's number.
 *
 * Feed every trade of the market, in tape order, to `onTrade`; orders only ever fill against trades fed
 * after they were submitted. Requests (orders, cancels, amends) take effect at their time plus the
 * model's latency; a request due at or before a trade's time is applied before that trade matches.
 */
export class SimVenue {
  readonly model: SimVenueModel;
  private readonly takerRate: Dec;
  private readonly makerRate: Dec;
  private readonly minNotional: Dec;
  private readonly latencyMs: number;
  private readonly lotScale: number;
  private readonly lotScaleDec: Dec;
  private readonly orders = new Map<string, OrderRecord>();
  private open: OrderRecord[] = [];
  private readonly requests: PendingRequest[] = [];
  /** Tape volume over the model window, in lots (units of the amount precision). */
  private readonly volume: RollingSum;
  /** Our own fills over the same window, in lots: the participation already used. */
  private readonly ours: RollingSum;
  private pos: Dec;
  private clock = Number.NEGATIVE_INFINITY;
  private lastPrice: number | null = null;
  private requestSeq = 0;

  constructor(
    readonly market: MarketSpec,
    model: SimVenueModelInput = {},
    options: SimVenueOptions = {},
  ) {
    this.model = SimVenueModelSchema.parse(model);
    this.takerRate = dec(this.model.fees.taker ?? market.takerFee);
    this.makerRate = dec(this.model.fees.maker ?? market.makerFee);
    this.minNotional = dec(market.minNotional);
    this.latencyMs = requestLatencyMs(this.model);
    this.lotScale = 10 ** market.amountPrecision;
    this.lotScaleDec = dec(10).pow(market.amountPrecision);
    this.volume = new RollingSum(this.model.recentVolumeWindowMs);
    this.ours = new RollingSum(this.model.recentVolumeWindowMs);
    this.pos = dec(options.initialPosition ?? '0');
  }

  /** The latest tape time the venue has been told about (trades, requests, `advanceTo`). */
  get now(): number {
    return this.clock;
  }

  /** Net base position from the initial position and every fill so far. */
  position(): Dec {
    return this.pos;
  }

  submit(req: SimOrderRequest): SubmitResult {
    const existing = this.orders.get(req.clientOrderId);
    if (existing) {
      return { ok: false, duplicate: true, reason: `duplicate clientOrderId ${req.clientOrderId}: the first order stands (${existing.status})`, order: view(existing) };
    }
    if (req.submittedAt > this.clock) this.clock = req.submittedAt;
    const parsed = this.parse(req);
    const o: OrderRecord = {
      clientOrderId: req.clientOrderId,
      side: req.side,
      type: req.type,
      qty: parsed.qty,
      reduceOnly: req.reduceOnly === true,
      submittedAt: req.submittedAt,
      activeAt: req.submittedAt + this.latencyMs,
      expiresAt: req.expiresAt ?? null,
      price: parsed.price,
      priceNum: parsed.price === null ? Number.NaN : Number(parsed.price.toFixed()),
      status: parsed.reason === null ? SimOrderStatus.New : SimOrderStatus.Rejected,
      reason: parsed.reason,
      filled: ZERO,
      notional: ZERO,
      fees: ZERO,
      fills: 0,
      triggeredAt: null,
      resting: false,
      checkNotionalOnArrival: parsed.checkNotionalOnArrival,
      cancelAt: null,
      pendingPrice: null,
      pendingAmendSeq: -1,
    };
    // Rejected orders are kept too: their id stays taken, so a retry can never become a second order.
    this.orders.set(o.clientOrderId, o);
    if (parsed.reason !== null) return { ok: false, duplicate: false, reason: parsed.reason, order: view(o) };
    this.open.push(o);
    return { ok: true, order: view(o) };
  }

  /** Ask to cancel; it takes effect at `at + latency` (default `at`: the venue's clock). */
  cancel(clientOrderId: string, at: number = this.clock): SimRequestResult {
    const o = this.orders.get(clientOrderId);
    if (!o) return { ok: false, reason: `unknown order ${clientOrderId}` };
    if (!isOpen(o)) return { ok: false, reason: `order ${clientOrderId} is ${o.status}` };
    if (o.cancelAt !== null) return { ok: true, effectiveAt: o.cancelAt };
    if (at > this.clock) this.clock = at;
    o.cancelAt = at + this.latencyMs;
    this.enqueue({ effectiveAt: o.cancelAt, seq: this.requestSeq++, order: o, price: null });
    return { ok: true, effectiveAt: o.cancelAt };
  }

  /**
   * Move a resting limit or an untriggered stop to `price` (rounded onto the tick grid like a new
   * order); it takes effect at `at + latency`. An amended limit arrives anew: if it is marketable on
   * its first trade after the amend it fills as taker. Dropped on arrival if the order has meanwhile
   * filled, been cancelled or (stop) triggered.
   */
  amend(clientOrderId: string, change: { readonly price: string; readonly at?: number }): SimRequestResult {
    const o = this.orders.get(clientOrderId);
    if (!o) return { ok: false, reason: `unknown order ${clientOrderId}` };
    if (!isOpen(o)) return { ok: false, reason: `order ${clientOrderId} is ${o.status}` };
    if (o.type === SimOrderType.Market) return { ok: false, reason: 'market orders have no price to amend' };
    if (o.triggeredAt !== null) return { ok: false, reason: `stop ${clientOrderId} already triggered at ${o.triggeredAt}` };
    if (o.cancelAt !== null) return { ok: false, reason: `order ${clientOrderId} has a cancel pending` };
    const p = this.parsePrice(o.side, change.price);
    if (typeof p === 'string') return { ok: false, reason: p };
    if (!o.reduceOnly && p.times(o.qty).lt(this.minNotional)) {
      return { ok: false, reason: `notional ${p.times(o.qty).toFixed()} below the market minimum ${this.market.minNotional}` };
    }
    const at = change.at ?? this.clock;
    if (at > this.clock) this.clock = at;
    const seq = this.requestSeq++;
    o.pendingPrice = p;
    o.pendingAmendSeq = seq;
    this.enqueue({ effectiveAt: at + this.latencyMs, seq, order: o, price: p });
    return { ok: true, effectiveAt: at + this.latencyMs };
  }

  /** Feed the market's next trade (tape order); returns the fills it produced, in submission order. */
  onTrade(trade: Trade): readonly SimFill[] {
    const ts = trade.ts;
    if (ts > this.clock) this.clock = ts;
    this.lastPrice = trade.price;
    this.volume.add(ts, Math.round(trade.amount * this.lotScale));
    if (this.requests.length > 0) this.applyRequests(ts);
    if (this.open.length === 0) return NO_FILLS;
    let fills: SimFill[] | null = null;
    let closed = false;
    for (const o of this.open) {
      if (o.expiresAt !== null && ts >= o.expiresAt) {
        this.close(o, SimOrderStatus.Canceled, `expired at ${o.expiresAt}`);
      } else if (ts >= o.activeAt) {
        const f = this.match(o, trade);
        if (f !== null) (fills ??= []).push(f);
      }
      if (!isOpen(o)) closed = true;
    }
    if (closed) this.open = this.open.filter(isOpen);
    return fills ?? NO_FILLS;
  }

  /** Move the venue's clock without a trade: applies due cancels/amends and expiries (e.g. at the end of a tape). */
  advanceTo(ts: number): void {
    if (ts > this.clock) this.clock = ts;
    if (this.requests.length > 0) this.applyRequests(ts);
    let closed = false;
    for (const o of this.open) {
      if (o.expiresAt !== null && ts >= o.expiresAt) this.close(o, SimOrderStatus.Canceled, `expired at ${o.expiresAt}`);
      if (!isOpen(o)) closed = true;
    }
    if (closed) this.open = this.open.filter(isOpen);
  }

  /** Open orders (new or partially filled, including those still on their way), in submission order. */
  openOrders(): SimOrderView[] {
    return this.open.filter(isOpen).map(view);
  }

  order(clientOrderId: string): SimOrderView | undefined {
    const o = this.orders.get(clientOrderId);
    return o ? view(o) : undefined;
  }

  private match(o: OrderRecord, trade: Trade): SimFill | null {
    const px = trade.price;
    const pp = this.market.pricePrecision;
    if (o.checkNotionalOnArrival) {
      o.checkNotionalOnArrival = false;
      const n = fromTape(px, pp).times(o.qty);
      if (n.lt(this.minNotional)) {
        this.close(o, SimOrderStatus.Rejected, `notional ${n.toFixed()} below the market minimum ${this.market.minNotional} at the first trade price ${fromTape(px, pp).toFixed()}`);
        return null;
      }
    }
    let liquidity: Liquidity = Liquidity.Taker;
    if (o.type === SimOrderType.Limit) {
      const crosses = o.side === SimOrderSide.Buy ? px <= o.priceNum : px >= o.priceNum;
      const arriving = !o.resting;
      o.resting = true;
      if (!crosses) return null;
      if (!arriving) liquidity = Liquidity.Maker;
    } else if (o.type === SimOrderType.Stop && o.triggeredAt === null) {
      const hit = o.side === SimOrderSide.Sell ? px <= o.priceNum : px >= o.priceNum;
      if (!hit) return null;
      o.triggeredAt = trade.ts;
    }

    let qty = o.qty.minus(o.filled);
    if (o.reduceOnly) {
      const reducible = this.reducible(o.side);
      if (reducible.lte(0)) {
        this.close(o, SimOrderStatus.Canceled, `reduce-only: no ${o.side === SimOrderSide.Sell ? 'long' : 'short'} position to reduce`);
        return null;
      }
      if (qty.gt(reducible)) qty = reducible;
    }
    if (this.model.partialFills.enabled) {
      const room = this.participationRoom(trade.ts);
      if (qty.gt(room)) qty = room;
      if (qty.lte(0)) return null;
    }

    const reference = fromTape(px, pp);
    let price: Dec;
    let bps = ZERO;
    if (liquidity === Liquidity.Maker) {
      price = o.price ?? reference;
    } else {
      bps = takerSlippageBps(this.model.slippage, qty, this.recentVolume(trade.ts));
      price = takerPrice(o.side, reference, bps, pp);
      // A marketable limit takes liquidity but never beyond its limit.
      if (o.type === SimOrderType.Limit && o.price !== null) {
        if (o.side === SimOrderSide.Buy ? price.gt(o.price) : price.lt(o.price)) price = o.price;
      }
    }
    const notional = price.times(qty);
    const fee = notional.times(liquidity === Liquidity.Maker ? this.makerRate : this.takerRate);

    o.filled = o.filled.plus(qty);
    o.notional = o.notional.plus(notional);
    o.fees = o.fees.plus(fee);
    o.fills += 1;
    this.pos = o.side === SimOrderSide.Buy ? this.pos.plus(qty) : this.pos.minus(qty);
    if (this.model.partialFills.enabled) this.ours.add(trade.ts, Number(qty.times(this.lotScaleDec).toFixed(0)));
    const remaining = o.qty.minus(o.filled);
    if (remaining.eq(0)) o.status = SimOrderStatus.Filled;
    else {
      o.status = SimOrderStatus.PartiallyFilled;
      if (o.reduceOnly && this.reducible(o.side).lte(0)) {
        this.close(o, SimOrderStatus.Canceled, `reduce-only: position closed with ${remaining.toFixed()} unfilled`);
      }
    }
    return {
      fillId: `${o.clientOrderId}-f${o.fills}`,
      clientOrderId: o.clientOrderId,
      seq: o.fills,
      ts: trade.ts,
      tradeId: trade.id,
      side: o.side,
      orderType: o.type,
      price,
      qty,
      notional,
      fee,
      feeCurrency: this.market.quote,
      liquidity,
      slippageBps: Number(bps.toFixed()),
      referencePrice: reference,
      remainingQty: remaining,
    };
  }

  /** How much an order on `side` may still fill without growing the position past flat. */
  private reducible(side: SimOrderSide): Dec {
    return side === SimOrderSide.Sell ? this.pos : this.pos.neg();
  }

  /** Tape base volume over the window ending at `ts` (the filling trade included). */
  private recentVolume(ts: number): Dec {
    return dec(this.volume.totalAt(ts)).div(this.lotScaleDec);
  }

  /** maxParticipation × window volume − our fills in the window, rounded down to the lot. */
  private participationRoom(ts: number): Dec {
    const lots = dec(this.model.partialFills.maxParticipation).times(this.volume.totalAt(ts)).minus(this.ours.totalAt(ts));
    return roundTo(lots.div(this.lotScaleDec), this.market.amountPrecision, 'down');
  }

  private parse(req: SimOrderRequest): { qty: Dec; price: Dec | null; reason: string | null; checkNotionalOnArrival: boolean } {
    const reject = (reason: string, qty: Dec = ZERO, price: Dec | null = null) => ({ qty, price, reason, checkNotionalOnArrival: false });
    if (req.clientOrderId.length === 0) return reject('empty clientOrderId');
    if (req.side !== SimOrderSide.Buy && req.side !== SimOrderSide.Sell) return reject(`unknown side ${String(req.side)}`);
    if (!POSITIVE_DECIMAL.test(req.qty)) return reject(`qty "${req.qty}" is not a decimal string`);
    const ap = this.market.amountPrecision;
    const qty = roundTo(dec(req.qty), ap, 'down');
    if (qty.lte(0)) return reject(`qty ${req.qty} rounds to 0 at amount precision ${ap}`);
    let price: Dec | null = null;
    if (req.type === SimOrderType.Market) {
      if (req.price !== undefined) return reject('market orders take no price', qty);
    } else if (req.type === SimOrderType.Limit || req.type === SimOrderType.Stop) {
      if (req.price === undefined) return reject(`${req.type} order needs a price`, qty);
      const p = this.parsePrice(req.side, req.price);
      if (typeof p === 'string') return reject(p, qty);
      price = p;
    } else {
      return reject(`unknown order type ${String(req.type)}`, qty);
    }
    if (req.expiresAt !== undefined && req.expiresAt <= req.submittedAt) {
      return reject(`expiresAt ${req.expiresAt} is not after submittedAt ${req.submittedAt}`, qty, price);
    }
    // Reduce-only orders are exempt, as on Binance USDⓈ-M (-4164 "… unless you choose reduce only"):
    // a position below the minimum must still be closable.
    if (!req.reduceOnly && this.minNotional.gt(0)) {
      const ref = price ?? (this.lastPrice === null ? null : fromTape(this.lastPrice, this.market.pricePrecision));
      if (ref === null) return { qty, price, reason: null, checkNotionalOnArrival: true };
      const n = ref.times(qty);
      if (n.lt(this.minNotional)) {
        const at = price === null ? ` at the last trade price ${ref.toFixed()}` : '';
        return reject(`notional ${n.toFixed()} below the market minimum ${this.market.minNotional}${at}`, qty, price);
      }
    }
    return { qty, price, reason: null, checkNotionalOnArrival: false };
  }

  /** Buy prices round down, sell prices up: a limit is never worse, a stop never looser, than asked. */
  private parsePrice(side: SimOrderSide, raw: string): Dec | string {
    if (!POSITIVE_DECIMAL.test(raw)) return `price "${raw}" is not a decimal string`;
    const pp = this.market.pricePrecision;
    const p = roundTo(dec(raw), pp, side === SimOrderSide.Buy ? 'down' : 'up');
    if (p.lte(0)) return `price ${raw} rounds to 0 at price precision ${pp}`;
    return p;
  }

  private enqueue(r: PendingRequest): void {
    let i = this.requests.length;
    while (i > 0 && (this.requests[i - 1] as PendingRequest).effectiveAt > r.effectiveAt) i -= 1;
    this.requests.splice(i, 0, r);
  }

  private applyRequests(ts: number): void {
    let n = 0;
    let closed = false;
    for (const r of this.requests) {
      if (r.effectiveAt > ts) break;
      n += 1;
      const o = r.order;
      if (!isOpen(o)) continue;
      if (r.price === null) {
        this.close(o, SimOrderStatus.Canceled, 'canceled by client');
        closed = true;
      } else {
        if (o.pendingAmendSeq === r.seq) o.pendingPrice = null;
        if (o.triggeredAt !== null) continue;
        o.price = r.price;
        o.priceNum = Number(r.price.toFixed());
        o.resting = false;
      }
    }
    if (n > 0) this.requests.splice(0, n);
    if (closed) this.open = this.open.filter(isOpen);
  }

  private close(o: OrderRecord, status: SimOrderStatus, reason: string): void {
    o.status = status;
    o.reason = reason;
  }
}

function view(o: OrderRecord): SimOrderView {
  return {
    clientOrderId: o.clientOrderId,
    side: o.side,
    type: o.type,
    qty: o.qty,
    price: o.price,
    reduceOnly: o.reduceOnly,
    submittedAt: o.submittedAt,
    activeAt: o.activeAt,
    expiresAt: o.expiresAt,
    status: o.status,
    reason: o.reason,
    filledQty: o.filled,
    filledNotional: o.notional,
    fees: o.fees,
    fills: o.fills,
    triggeredAt: o.triggeredAt,
    pendingCancel: o.cancelAt !== null && isOpen(o),
    pendingPrice: o.pendingPrice,
  };
}
