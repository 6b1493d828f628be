import Big from 'big.js';
import type { Balances, Exchange, MarketInterface, Order, Position, Trade } from 'ccxt';
import {
  CircuitBreaker,
  CircuitBreakerConfigSchema,
  type Clock,
  FaultKind,
  FaultOutcome,
  HARD_MAX_LEVERAGE,
  type MarketSpec,
  type Random,
  type RetryPolicy,
  type Sleeper,
  type VenueBalance,
  type VenueCapabilities,
  type VenueFill,
  VenueOp,
  type VenueOrder,
  type VenueOrderRequest,
  type VenueOrderStatus,
  type VenuePort,
  type VenuePosition,
  classifyFault,
  defaultRetryPolicy,
  isCcxtError,
  retryWithBackoff,
} from '@cascade/core';
import { FillStream, type FillStreamOptions } from './fill-stream.js';
import { CcxtPrecisionMode, baseToContracts, contractsToBase, decimalOf, marketSpecOf } from './market-spec.js';
import { VenueCircuitOpenError, VenueRequestRefusedError } from './venue-errors.js';
import { AccountKind, type MarginMode, StopSupport, type VenueProfile } from './venue-profile.js';

/** What the adapter reports for logs and events; the service turns these into its own events. */
export type VenueEvent =
  | { readonly type: 'retry'; readonly what: string; readonly attempt: number; readonly fault: FaultKind; readonly delayMs: number; readonly error: string }
  | { readonly type: 'give_up'; readonly what: string; readonly attempt: number; readonly reason: string; readonly error: string }
  | { readonly type: 'recovered_order'; readonly clientOrderId: string; readonly via: 'duplicate_rejection' | 'lookup_after_unknown_outcome' }
  | { readonly type: 'fills_mode'; readonly mode: 'websocket' | 'polling' };

export interface CcxtVenueOptions {
  readonly profile: VenueProfile;
  readonly kind: AccountKind;
  /** A ccxt (or ccxt.pro, for websocket fills) client of `profile.ccxtId`, credentials set. */
  readonly client: Exchange;
  readonly clock: Clock;
  readonly sleeper: Sleeper;
  readonly random: Random;
  readonly retryPolicy?: RetryPolicy;
  /** One per venue; default: §12.3's 5 failures / 60 s cooldown on `clock`. */
  readonly breaker?: CircuitBreaker;
  /** Capped at the 10× hard limit whatever is passed. */
  readonly maxLeverage?: number;
  /** Leverage assumed for venues that set leverage and margin mode together, until setLeverage runs. */
  readonly defaultLeverage?: number;
  /** Margin mode sent with orders on venues that carry it per order (OKX), until setMarginMode runs. */
  readonly defaultMarginMode?: MarginMode;
  /** Symbols whose fills to poll besides those this adapter has traded. */
  readonly fillSymbols?: readonly string[];
  readonly fills?: FillStreamOptions;
  /** Waits between fill polls (a real timer at the edge); default `sleeper`. */
  readonly pollSleeper?: Sleeper;
  readonly onEvent?: (e: VenueEvent) => void;
}

/** ccxt finds an order by the client-id param when the id argument is undefined; its types say string. */
const NO_ID = undefined as unknown as string;

const STATUSES: ReadonlySet<string> = new Set<VenueOrderStatus>(['open', 'closed', 'canceled', 'rejected', 'expired']);

const text = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const isNotFound = (e: unknown): boolean => isCcxtError(e, 'OrderNotFound');

/**
 * VenuePort over ccxt for one account (spot wallet or USDT perps) of Binance, Bybit, OKX or
 * Hyperliquid; `profile` holds what differs between them. Every call goes through the venue's
 * circuit breaker and retryWithBackoff: network faults and rate limits are retried (waiting at least
 * the Retry-After the venue sent), rejections never are.
 *
 * Orders are exactly-once from this side: after a fault whose outcome is unknown (timeout, 5xx) the
 * next attempt first looks the order up by client order id, and a "duplicate client id" rejection
 * returns the order already there. Entries (neither reduce-only nor stops) only go out while the
 * breaker is closed; reduce-only orders and stops go out whatever its state.
 */
export class CcxtVenue implements VenuePort {
  readonly id: string;
  readonly capabilities: VenueCapabilities;
  readonly breaker: CircuitBreaker;
  private readonly client: Exchange;
  private readonly profile: VenueProfile;
  private readonly kind: AccountKind;
  private readonly policy: RetryPolicy;
  private readonly maxLeverage: number;
  private readonly specs = new Map<string, MarketSpec>();
  private readonly leverageOf = new Map<string, number>();
  private readonly marginOf = new Map<string, MarginMode>();
  /** Symbols we have traded or seen positions/orders in: the fill poller's list. */
  private readonly active = new Set<string>();
  /** Venue order id → our client order id, for fills whose venue payload does not carry it. */
  private readonly clientIdOfOrder = new Map<string, string>();
  private marketsLoaded: Promise<void> | null = null;

  constructor(private readonly opts: CcxtVenueOptions) {
    const { profile, kind } = opts;
    if (!profile.accounts.includes(kind)) throw new RangeError(`${profile.id} has no ${kind} account in its profile`);
    if (opts.client.id !== profile.ccxtId) throw new RangeError(`client is ccxt ${opts.client.id}, profile wants ${profile.ccxtId}`);
    this.id = profile.id;
    this.profile = profile;
    this.kind = kind;
    this.client = opts.client;
    this.policy = opts.retryPolicy ?? defaultRetryPolicy;
    this.maxLeverage = Math.min(opts.maxLeverage ?? HARD_MAX_LEVERAGE, HARD_MAX_LEVERAGE);
    this.breaker = opts.breaker ?? new CircuitBreaker(profile.id, CircuitBreakerConfigSchema.parse({}), opts.clock);
    this.capabilities = {
      reduceOnlyStop: profile.stops[kind] === StopSupport.ReduceOnly,
      // Moves are cancel + replace everywhere for now (Binance algo orders cannot be amended).
      amendStop: false,
      clientOrderIdMaxLength: profile.clientIds.maxLength,
    };
    for (const s of opts.fillSymbols ?? []) this.active.add(s);
  }

  /** What kind of exchange-held stop this account can rest (see README). */
  get stopSupport(): StopSupport {
    return this.profile.stops[this.kind];
  }

  async market(symbol: string): Promise<MarketSpec> {
    const cached = this.specs.get(symbol);
    if (cached) return cached;
    const m = await this.ccxtMarket(symbol);
    const spec = marketSpecOf(this.id, m, this.client.precisionMode ?? CcxtPrecisionMode.TickSize);
    this.specs.set(symbol, spec);
    return spec;
  }

  async createOrder(request: VenueOrderRequest): Promise<VenueOrder> {
    let req = request;
    const m = await this.ccxtMarket(req.symbol);
    const spec = await this.market(req.symbol);
    const isStop = req.type === 'stop';
    if (isStop && req.stopPrice === undefined) throw new VenueRequestRefusedError(this.id, `stop order ${req.clientOrderId} has no stopPrice`);
    if (req.type === 'limit' && req.price === undefined) throw new VenueRequestRefusedError(this.id, `limit order ${req.clientOrderId} has no price`);
    if (isStop && this.stopSupport === StopSupport.None) throw new VenueRequestRefusedError(this.id, `${this.kind} account cannot rest a stop order`);
    if (isStop && this.stopSupport === StopSupport.SellStop && req.side !== 'sell') throw new VenueRequestRefusedError(this.id, 'a spot protective stop can only sell');
    const contracts = baseToContracts(req.amount, m, spec);
    if (contracts.lte(0)) throw new VenueRequestRefusedError(this.id, `amount ${req.amount} is below the ${req.symbol} step`);
    const venueClientId = this.profile.clientIds.encode(req.clientOrderId);
    if (isStop) req = { ...req, stopPrice: this.protectiveStopPrice(req.stopPrice as string, req.side) };
    const params = this.profile.orderParams(req, { kind: this.kind, market: m, venueClientId, marginMode: this.marginOf.get(req.symbol) ?? this.opts.defaultMarginMode ?? 'isolated' });
    const price = this.priceArg(req);
    const type = req.type === 'limit' ? 'limit' : 'market';
    // Closing and protecting are never held back by the breaker; opening is.
    const op = req.reduceOnly === true || isStop ? VenueOp.Exit : VenueOp.Entry;
    this.active.add(req.symbol);

    let uncertain = false;
    const placed = await this.guarded(op, `createOrder ${req.clientOrderId}`, async () => {
      if (uncertain) {
        const found = await this.lookup(req.symbol, req.clientOrderId);
        if (found !== null) {
          this.emit({ type: 'recovered_order', clientOrderId: req.clientOrderId, via: 'lookup_after_unknown_outcome' });
          return found;
        }
      }
      try {
        const o = await this.client.createOrder(req.symbol, type, req.side, Number(contracts.toFixed()), price, params);
        return this.toOrder(o, m, spec, req);
      } catch (e) {
        if (this.profile.isDuplicateClientId(e)) {
          const found = await this.lookup(req.symbol, req.clientOrderId);
          if (found !== null) {
            this.emit({ type: 'recovered_order', clientOrderId: req.clientOrderId, via: 'duplicate_rejection' });
            return found;
          }
        }
        if (classifyFault(e).outcome === FaultOutcome.Unknown) uncertain = true;
        throw e;
      }
    });
    return placed;
  }

  async fetchOrderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | null> {
    await this.ccxtMarket(symbol);
    return this.guarded(VenueOp.Call, `fetchOrderByClientId ${clientOrderId}`, () => this.lookup(symbol, clientOrderId));
  }

  /**
   * Cancels by client order id, plain or conditional. Idempotent: an order the venue does not know
   * as open (never placed, filled, already cancelled) is not an error — there is nothing to cancel.
   */
  async cancelOrder(symbol: string, clientOrderId: string): Promise<void> {
    await this.ccxtMarket(symbol);
    const venueId = this.profile.clientIds.encode(clientOrderId);
    const base = { [this.profile.clientIdParam]: venueId };
    const trigger = this.profile.triggerParams(this.kind);
    const variants = trigger === null ? [base] : [base, { ...base, ...trigger }];
    await this.guarded(VenueOp.Call, `cancelOrder ${clientOrderId}`, async () => {
      for (const params of variants) {
        try {
          await this.client.cancelOrder(NO_ID, symbol, params);
          return;
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
    });
  }

  async fetchOpenOrders(symbol?: string): Promise<VenueOrder[]> {
    if (symbol !== undefined) await this.ccxtMarket(symbol);
    else await this.loadMarkets();
    const trigger = this.profile.triggerParams(this.kind);
    const lists = await this.guarded(VenueOp.Call, 'fetchOpenOrders', async () => {
      const plain = await this.client.fetchOpenOrders(symbol);
      const conditional = trigger === null ? [] : await this.client.fetchOpenOrders(symbol, undefined, undefined, trigger);
      return [...plain, ...conditional];
    });
    const out: VenueOrder[] = [];
    for (const o of lists) {
      const m = o.symbol ? this.marketOrNull(o.symbol) : null;
      if (m === null) continue;
      this.active.add(m.symbol);
      out.push(this.toOrder(o, m, await this.market(m.symbol)));
    }
    return out;
  }

  /** Open positions (perps). A spot account holds balances, not positions: []. */
  async fetchPositions(symbols?: readonly string[]): Promise<VenuePosition[]> {
    if (this.kind === AccountKind.Spot) return [];
    await this.loadMarkets();
    const raw = await this.guarded(VenueOp.Call, 'fetchPositions', () => this.client.fetchPositions(symbols === undefined ? undefined : [...symbols]));
    const out: VenuePosition[] = [];
    for (const p of raw) {
      const pos = await this.toPosition(p);
      if (pos !== null) out.push(pos);
    }
    return out;
  }

  async fetchBalance(): Promise<VenueBalance> {
    await this.loadMarkets();
    const b: Balances = await this.guarded(VenueOp.Call, 'fetchBalance', () => this.client.fetchBalance());
    const currency = this.profile.balanceCurrency[this.kind];
    const acct = b[currency];
    const s = (v: number | undefined): string => decimalOf(v)?.toFixed() ?? '0';
    return { currency, total: s(acct?.total), free: s(acct?.free), used: s(acct?.used) };
  }

  /** Integer leverage in [1, min(maxLeverage, 10)], refused before any call to the venue otherwise. */
  async setLeverage(symbol: string, leverage: number): Promise<void> {
    if (this.kind !== AccountKind.Perp) throw new VenueRequestRefusedError(this.id, 'leverage applies to perps only');
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > this.maxLeverage) {
      throw new VenueRequestRefusedError(this.id, `leverage ${leverage} for ${symbol} outside 1–${this.maxLeverage}× (hard cap ${HARD_MAX_LEVERAGE}×)`);
    }
    await this.ccxtMarket(symbol);
    const mode = this.marginOf.get(symbol) ?? this.opts.defaultMarginMode ?? 'isolated';
    await this.guarded(VenueOp.Call, `setLeverage ${symbol} ${leverage}`, async () => {
      try {
        await this.client.setLeverage(leverage, symbol, this.profile.leverageParams(mode));
      } catch (e) {
        if (!this.profile.isNoChange(e)) throw e;
      }
    });
    this.leverageOf.set(symbol, leverage);
  }

  async setMarginMode(symbol: string, mode: 'isolated' | 'cross'): Promise<void> {
    if (this.kind !== AccountKind.Perp) throw new VenueRequestRefusedError(this.id, 'margin mode applies to perps only');
    await this.ccxtMarket(symbol);
    const leverage = Math.min(this.leverageOf.get(symbol) ?? this.opts.defaultLeverage ?? 3, this.maxLeverage);
    await this.guarded(VenueOp.Call, `setMarginMode ${symbol} ${mode}`, async () => {
      try {
        await this.client.setMarginMode(mode, symbol, this.profile.marginModeParams(leverage));
      } catch (e) {
        if (!this.profile.isNoChange(e)) throw e;
      }
    });
    this.marginOf.set(symbol, mode);
  }

  watchFills(onFill: (f: VenueFill) => void, onError?: (e: unknown) => void): () => Promise<void> {
    const stream = new FillStream(
      {
        client: this.client,
        clock: this.opts.clock,
        sleeper: this.opts.pollSleeper ?? this.opts.sleeper,
        symbols: () => [...this.active],
        toFill: (t) => this.toFill(t),
        onFill,
        onError: onError ?? (() => undefined),
        onMode: (mode) => this.emit({ type: 'fills_mode', mode }),
      },
      { ...this.opts.fills, websocket: this.profile.websocketFills[this.kind] && (this.opts.fills?.websocket ?? true) },
    );
    return stream.start();
  }

  // --- internals ---

  private emit(e: VenueEvent): void {
    this.opts.onEvent?.(e);
  }

  private async guarded<T>(op: VenueOp, what: string, fn: () => Promise<T>): Promise<T> {
    return retryWithBackoff(
      async () => {
        if (!this.breaker.permits(op)) throw new VenueCircuitOpenError(this.id, op, this.breaker.state());
        try {
          const r = await fn();
          this.breaker.recordSuccess();
          return r;
        } catch (e) {
          this.breaker.recordFailure(e);
          throw e;
        }
      },
      this.policy,
      { clock: this.opts.clock, sleeper: this.opts.sleeper, random: this.opts.random },
      {
        retryAfterMs: (e) => this.retryAfterMs(e),
        onRetry: (a) => this.emit({ type: 'retry', what, attempt: a.attempt, fault: a.fault.kind, delayMs: a.delayMs, error: text(a.error) }),
        onGiveUp: (g) => this.emit({ type: 'give_up', what, attempt: g.attempt, reason: g.reason, error: text(g.error) }),
      },
    );
  }

  /** The Retry-After of a 429/418 (seconds, per RFC 9110), from the response ccxt just read. */
  private retryAfterMs(e: unknown): number | undefined {
    if (classifyFault(e).kind !== FaultKind.RateLimited) return undefined;
    const headers = this.client.last_response_headers;
    const v = headers?.['Retry-After'] ?? headers?.['retry-after'];
    const secs = v === undefined ? NaN : Number(v);
    return Number.isFinite(secs) && secs >= 0 ? secs * 1_000 : undefined;
  }

  private loadMarkets(): Promise<void> {
    this.marketsLoaded ??= this.guarded(VenueOp.Call, 'loadMarkets', async () => {
      await this.client.loadMarkets();
    }).catch((e: unknown) => {
      this.marketsLoaded = null;
      throw e;
    });
    return this.marketsLoaded;
  }

  private marketOrNull(symbol: string): MarketInterface | null {
    const m = (this.client.markets as Record<string, MarketInterface | undefined> | undefined)?.[symbol];
    return m ?? null;
  }

  private async ccxtMarket(symbol: string): Promise<MarketInterface> {
    await this.loadMarkets();
    const m = this.marketOrNull(symbol);
    if (m === null) throw new VenueRequestRefusedError(this.id, `no market ${symbol}`);
    const ok = this.kind === AccountKind.Spot ? m.spot === true : m.swap === true && m.linear === true;
    if (!ok) throw new VenueRequestRefusedError(this.id, `${symbol} is not a ${this.kind === AccountKind.Spot ? 'spot' : 'linear perpetual'} market`);
    return m;
  }

  private priceArg(req: VenueOrderRequest): number | undefined {
    if (req.type === 'limit') return Number(req.price);
    // Hyperliquid market and trigger orders are limits bounded by ccxt's slippage around this price.
    if (this.profile.marketOrderNeedsPrice) {
      const ref = req.type === 'stop' ? req.stopPrice : req.referencePrice;
      if (ref === undefined) throw new VenueRequestRefusedError(this.id, `market order ${req.clientOrderId} needs a referencePrice on ${this.id}`);
      return Number(ref);
    }
    return undefined;
  }

  /** A stop cut to the venue's significant digits away from the market: a sell stop down, a buy stop up. */
  private protectiveStopPrice(price: string, side: 'buy' | 'sell'): string {
    const sd = this.profile.significantPriceDigits;
    if (sd === undefined) return price;
    const p = new Big(price);
    const intDigits = p.round(0, Big.roundDown).toFixed().replace(/^0$/, '').length;
    const digits = Math.max(sd, intDigits);
    // Big.prec rounds to significant digits: roundDown = 0, roundUp = 3.
    return p.prec(digits, side === 'sell' ? Big.roundDown : Big.roundUp).toFixed();
  }

  private async lookup(symbol: string, clientOrderId: string): Promise<VenueOrder | null> {
    const m = await this.ccxtMarket(symbol);
    const spec = await this.market(symbol);
    const venueId = this.profile.clientIds.encode(clientOrderId);
    for (const l of this.profile.lookups(this.kind, venueId)) {
      try {
        let found: Order | undefined;
        if (l.method === 'fetchOrder') found = await this.client.fetchOrder(NO_ID, symbol, l.params);
        else {
          const list = l.method === 'fetchOpenOrders' ? await this.client.fetchOpenOrders(symbol, undefined, undefined, l.params) : await this.client.fetchClosedOrders(symbol, undefined, undefined, l.params);
          found = list.find((o) => o.clientOrderId === venueId);
        }
        // Some venues answer an unknown id with an empty order rather than an error.
        if (found !== undefined && found.id !== undefined && found.id !== null) return this.toOrder(found, m, spec);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return null;
  }

  private toOrder(o: Order, m: MarketInterface, spec: MarketSpec, req?: VenueOrderRequest): VenueOrder {
    const venueCid = o.clientOrderId ?? null;
    const clientOrderId = venueCid === null ? (req?.clientOrderId ?? null) : (this.profile.clientIds.decode(venueCid) ?? venueCid);
    const id = String(o.id ?? '');
    if (id !== '' && clientOrderId !== null) this.clientIdOfOrder.set(id, clientOrderId);
    const px = (v: number | undefined | null): string | null => {
      const d = decimalOf(v);
      return d === null || d.eq(0) ? null : d.toFixed();
    };
    const status = typeof o.status === 'string' && STATUSES.has(o.status) ? (o.status as VenueOrderStatus) : 'open';
    const feeCost = decimalOf(o.fee?.cost);
    const stopPrice = px(o.triggerPrice ?? o.stopPrice) ?? (req?.type === 'stop' ? (req.stopPrice ?? null) : null);
    return {
      id,
      clientOrderId,
      symbol: m.symbol,
      side: o.side === 'sell' ? 'sell' : o.side === 'buy' ? 'buy' : (req?.side ?? 'buy'),
      type: o.type ?? req?.type ?? 'unknown',
      status,
      amount: o.amount === undefined || o.amount === null ? (req?.amount ?? '0') : contractsToBase(o.amount, m, spec),
      filled: contractsToBase(o.filled ?? 0, m, spec),
      average: px(o.average),
      price: px(o.price),
      stopPrice,
      reduceOnly: o.reduceOnly === true || (req?.reduceOnly ?? false),
      fee: feeCost === null || o.fee?.currency === undefined ? null : { cost: feeCost.toFixed(), currency: o.fee.currency },
      timestamp: o.timestamp ?? this.opts.clock.now(),
    };
  }

  private async toPosition(p: Position): Promise<VenuePosition | null> {
    const m = p.symbol ? this.marketOrNull(p.symbol) : null;
    if (m === null || p.contracts === undefined || p.contracts === null || !(p.contracts > 0)) return null;
    if (p.side !== 'long' && p.side !== 'short') return null;
    const spec = await this.market(m.symbol);
    this.active.add(m.symbol);
    const entry = decimalOf(p.entryPrice);
    return {
      symbol: m.symbol,
      side: p.side,
      amount: contractsToBase(p.contracts, m, spec),
      entryPrice: entry === null ? '0' : entry.toFixed(),
      leverage: p.leverage ?? this.leverageOf.get(m.symbol) ?? null,
      marginMode: p.marginMode === 'isolated' || p.marginMode === 'cross' ? p.marginMode : null,
      unrealizedPnl: decimalOf(p.unrealizedPnl)?.toFixed() ?? null,
    };
  }

  private toFill(t: Trade): VenueFill | null {
    const m = t.symbol ? this.marketOrNull(t.symbol) : null;
    if (m === null || t.id === undefined || t.id === null) return null;
    const spec = this.specs.get(m.symbol) ?? marketSpecOf(this.id, m, this.client.precisionMode ?? CcxtPrecisionMode.TickSize);
    const orderId = String(t.order ?? '');
    const info = (t.info ?? {}) as Record<string, unknown>;
    const venueCid = [info.orderLinkId, info.cloid, info.clOrdId, info.clientOrderId].find((v): v is string => typeof v === 'string' && v !== '');
    const clientOrderId = venueCid !== undefined ? (this.profile.clientIds.decode(venueCid) ?? venueCid) : (this.clientIdOfOrder.get(orderId) ?? null);
    const feeCost = decimalOf(t.fee?.cost);
    const price = decimalOf(t.price);
    return {
      tradeId: String(t.id),
      orderId,
      clientOrderId,
      symbol: m.symbol,
      side: t.side === 'sell' ? 'sell' : 'buy',
      price: price === null ? '0' : price.toFixed(),
      amount: contractsToBase(t.amount, m, spec),
      fee: feeCost === null || t.fee?.currency === undefined ? null : { cost: feeCost.toFixed(), currency: t.fee.currency },
      timestamp: t.timestamp ?? this.opts.clock.now(),
    };
  }
}
