import type { Balances, Exchange, MarketInterface } from 'ccxt';
import {
  CircuitBreaker,
  CircuitBreakerConfigSchema,
  FaultOutcome,
  HARD_MAX_LEVERAGE,
  type MarketSpec,
  type VenueBalance,
  type VenueCapabilities,
  type VenueFill,
  VenueOp,
  type VenueOrder,
  type VenueOrderRequest,
  type VenuePort,
  type VenuePosition,
  classifyFault,
  defaultRetryPolicy,
} from '@cascade/core';
import { type CcxtVenueOptions, REQUEST_LIFETIME_MS, type VenueEvent } from './ccxt-venue-options.js';
import { FillStream } from './fill-stream.js';
import { CcxtPrecisionMode, baseToContracts, decimalOf, marketSpecOf } from './market-spec.js';
import { cancelByClientId, findOrderByClientId } from './orders-by-client-id.js';
import { orderPriceArg, protectiveStopPrice, refuseUnplaceableOrder } from './order-request.js';
import { CcxtRecordConverter, isHeldPosition, loadedMarket } from './record-conversion.js';
import { VenueCallGuard } from './venue-call-guard.js';
import { VenueRequestRefusedError } from './venue-errors.js';
import { AccountKind, type MarginMode, StopSupport, type VenueProfile } from './venue-profile.js';

// Built with and reporting these; re-exported so they come with the class.
export type { CcxtVenueOptions, VenueEvent } from './ccxt-venue-options.js';

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
 *
 * Its parts: the breaker and retries in venue-call-guard.ts, ccxt → core records in
 * record-conversion.ts, the calls by client order id in orders-by-client-id.ts, request checks and
 * prices in order-request.ts.
 */
export class CcxtVenue implements VenuePort {
  readonly id: string;
  readonly accountKind: AccountKind;
  readonly capabilities: VenueCapabilities;
  readonly breaker: CircuitBreaker;
  private readonly client: Exchange;
  private readonly profile: VenueProfile;
  private readonly kind: AccountKind;
  private readonly guard: VenueCallGuard;
  private readonly records: CcxtRecordConverter;
  private readonly maxLeverage: number;
  private readonly specs = new Map<string, MarketSpec>();
  private readonly leverageOf = new Map<string, number>();
  private readonly marginOf = new Map<string, MarginMode>();
  /** Symbols we have traded or seen positions/orders in: the fill poller's list. */
  private readonly active = new Set<string>();
  private marketsLoaded: Promise<void> | null = null;

  constructor(private readonly opts: CcxtVenueOptions) {
    const { profile, kind } = opts;
    if (!profile.accounts.includes(kind)) throw new RangeError(`${profile.id} has no ${kind} account in its profile`);
    if (opts.client.id !== profile.ccxtId) throw new RangeError(`client is ccxt ${opts.client.id}, profile wants ${profile.ccxtId}`);
    this.id = profile.id;
    this.accountKind = kind;
    this.profile = profile;
    this.kind = kind;
    this.client = opts.client;
    this.maxLeverage = Math.min(opts.maxLeverage ?? HARD_MAX_LEVERAGE, HARD_MAX_LEVERAGE);
    this.breaker = opts.breaker ?? new CircuitBreaker(profile.id, CircuitBreakerConfigSchema.parse({}), opts.clock);
    const ports = { clock: opts.clock, sleeper: opts.sleeper, random: opts.random };
    this.guard = new VenueCallGuard(profile.id, this.breaker, opts.client, opts.retryPolicy ?? defaultRetryPolicy, ports, opts.onEvent);
    this.records = new CcxtRecordConverter(profile.id, opts.client, profile, opts.clock, this.specs);
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
    refuseUnplaceableOrder(this.id, this.kind, this.stopSupport, req);
    const contracts = baseToContracts(req.amount, m, spec);
    if (contracts.lte(0)) throw new VenueRequestRefusedError(this.id, `amount ${req.amount} is below the ${req.symbol} step`);
    const venueClientId = this.profile.clientIds.encode(req.clientOrderId);
    if (isStop) req = { ...req, stopPrice: protectiveStopPrice(this.profile, req.stopPrice as string, req.side) };
    const params = this.profile.orderParams(req, { kind: this.kind, market: m, venueClientId, marginMode: this.marginOf.get(req.symbol) ?? this.opts.defaultMarginMode ?? 'isolated' });
    const price = orderPriceArg(this.id, this.profile, req);
    const type = req.type === 'limit' ? 'limit' : 'market';
    // Closing and protecting are never held back by the breaker; opening is.
    const op = req.reduceOnly === true || isStop ? VenueOp.Exit : VenueOp.Entry;
    this.active.add(req.symbol);

    // When the last attempt's outcome is unknown: when it was sent. Until its lifetime has passed the
    // lost request may still land (issue 11 #9), and Binance accepts a client id again once the first
    // order is filled: placing again before then could make two orders.
    let uncertainSince: number | null = null;
    const placed = await this.guard.run(op, `createOrder ${req.clientOrderId}`, async () => {
      if (uncertainSince !== null) {
        let found = await this.lookup(req.symbol, req.clientOrderId);
        const wait = uncertainSince + (this.opts.requestLifetimeMs ?? REQUEST_LIFETIME_MS) - this.opts.clock.now();
        if (found === null && wait > 0) {
          await this.opts.sleeper.sleep(wait);
          found = await this.lookup(req.symbol, req.clientOrderId);
        }
        if (found !== null) {
          this.emit({ type: 'recovered_order', clientOrderId: req.clientOrderId, via: 'lookup_after_unknown_outcome' });
          return found;
        }
      }
      const sentAt = this.opts.clock.now();
      try {
        const o = await this.client.createOrder(req.symbol, type, req.side, Number(contracts.toFixed()), price, params);
        return this.records.order(o, m, spec, req);
      } catch (e) {
        if (this.profile.isDuplicateClientId(e)) {
          const found = await this.lookup(req.symbol, req.clientOrderId);
          if (found !== null) {
            this.emit({ type: 'recovered_order', clientOrderId: req.clientOrderId, via: 'duplicate_rejection' });
            return found;
          }
        }
        if (classifyFault(e).outcome === FaultOutcome.Unknown) uncertainSince = sentAt;
        throw e;
      }
    });
    return placed;
  }

  async fetchOrderByClientId(symbol: string, clientOrderId: string): Promise<VenueOrder | null> {
    await this.ccxtMarket(symbol);
    return this.guard.run(VenueOp.Call, `fetchOrderByClientId ${clientOrderId}`, () => this.lookup(symbol, clientOrderId));
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
    await this.guard.run(VenueOp.Call, `cancelOrder ${clientOrderId}`, () => cancelByClientId(this.client, symbol, variants));
  }

  async fetchOpenOrders(symbol?: string): Promise<VenueOrder[]> {
    if (symbol !== undefined) await this.ccxtMarket(symbol);
    else await this.loadMarkets();
    const trigger = this.profile.triggerParams(this.kind);
    // Without a symbol ccxt picks the market by type, and ccxt.pro binance falls back to spot whatever
    // defaultType says: name this account's (else reconciliation of perps sees no open orders at all).
    const scope = symbol === undefined ? { type: this.kind === AccountKind.Perp ? 'swap' : 'spot' } : {};
    const lists = await this.guard.run(VenueOp.Call, 'fetchOpenOrders', async () => {
      const plain = await this.client.fetchOpenOrders(symbol, undefined, undefined, scope);
      const conditional = trigger === null ? [] : await this.client.fetchOpenOrders(symbol, undefined, undefined, { ...scope, ...trigger });
      return [...plain, ...conditional];
    });
    const out: VenueOrder[] = [];
    for (const o of lists) {
      const m = o.symbol ? loadedMarket(this.client, o.symbol) : null;
      if (m === null) continue;
      this.active.add(m.symbol);
      out.push(this.records.order(o, m, await this.market(m.symbol)));
    }
    return out;
  }

  /** Open positions (perps). A spot account holds balances, not positions: []. */
  async fetchPositions(symbols?: readonly string[]): Promise<VenuePosition[]> {
    if (this.kind === AccountKind.Spot) return [];
    await this.loadMarkets();
    const raw = await this.guard.run(VenueOp.Call, 'fetchPositions', () => this.client.fetchPositions(symbols === undefined ? undefined : [...symbols]));
    const out: VenuePosition[] = [];
    for (const p of raw) {
      const m = p.symbol ? loadedMarket(this.client, p.symbol) : null;
      if (m === null || !isHeldPosition(p)) continue;
      const spec = await this.market(m.symbol);
      this.active.add(m.symbol);
      out.push(this.records.position(p, m, spec, this.leverageOf.get(m.symbol)));
    }
    return out;
  }

  async fetchBalance(of?: string): Promise<VenueBalance> {
    await this.loadMarkets();
    const b: Balances = await this.guard.run(VenueOp.Call, 'fetchBalance', () => this.client.fetchBalance());
    const currency = of ?? this.profile.balanceCurrency[this.kind];
    const acct = b[currency];
    const s = (v: number | undefined): string => decimalOf(v)?.toFixed() ?? '0';
    return { currency, total: s(acct?.total), free: s(acct?.free), used: s(acct?.used) };
  }

  /** ccxt's unified last price (Binance `GET /fapi/v2/ticker/price`, spot `/api/v3/ticker/price`). */
  async fetchLastPrice(symbol: string): Promise<string> {
    const m = await this.ccxtMarket(symbol);
    const prices = await this.guard.run(VenueOp.Call, `fetchLastPrice ${symbol}`, () => this.client.fetchLastPrices([m.symbol]));
    const p = decimalOf(prices[m.symbol]?.price);
    if (p === null || p.lte(0)) throw new VenueRequestRefusedError(this.id, `${symbol} has no last price on ${this.id}`);
    return p.toFixed();
  }

  /** Integer leverage in [1, min(maxLeverage, 10)], refused before any call to the venue otherwise. */
  async setLeverage(symbol: string, leverage: number): Promise<void> {
    if (this.kind !== AccountKind.Perp) throw new VenueRequestRefusedError(this.id, 'leverage applies to perps only');
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > this.maxLeverage) {
      throw new VenueRequestRefusedError(this.id, `leverage ${leverage} for ${symbol} outside 1–${this.maxLeverage}× (hard cap ${HARD_MAX_LEVERAGE}×)`);
    }
    await this.ccxtMarket(symbol);
    const mode = this.marginOf.get(symbol) ?? this.opts.defaultMarginMode ?? 'isolated';
    await this.guard.run(VenueOp.Call, `setLeverage ${symbol} ${leverage}`, async () => {
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
    await this.guard.run(VenueOp.Call, `setMarginMode ${symbol} ${mode}`, async () => {
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
        toFill: (t) => this.records.fill(t),
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

  private loadMarkets(): Promise<void> {
    this.marketsLoaded ??= this.guard.run(VenueOp.Call, 'loadMarkets', async () => {
      await this.client.loadMarkets();
    }).catch((e: unknown) => {
      this.marketsLoaded = null;
      throw e;
    });
    return this.marketsLoaded;
  }

  private async ccxtMarket(symbol: string): Promise<MarketInterface> {
    await this.loadMarkets();
    const m = loadedMarket(this.client, symbol);
    if (m === null) throw new VenueRequestRefusedError(this.id, `no market ${symbol}`);
    const ok = this.kind === AccountKind.Spot ? m.spot === true : m.swap === true && m.linear === true;
    if (!ok) throw new VenueRequestRefusedError(this.id, `${symbol} is not a ${this.kind === AccountKind.Spot ? 'spot' : 'linear perpetual'} market`);
    return m;
  }

  private async lookup(symbol: string, clientOrderId: string): Promise<VenueOrder | null> {
    const m = await this.ccxtMarket(symbol);
    const spec = await this.market(symbol);
    const venueId = this.profile.clientIds.encode(clientOrderId);
    const found = await findOrderByClientId(this.client, this.profile.lookups(this.kind, venueId), symbol, venueId);
    return found === null ? null : this.records.order(found, m, spec);
  }
}
