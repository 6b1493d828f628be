import type { Exchange, MarketInterface, Order, Position, Trade } from 'ccxt';
import type { Clock, MarketSpec, VenueFill, VenueOrder, VenueOrderRequest, VenueOrderStatus, VenuePosition } from '@cascade/core';
import { CcxtPrecisionMode, contractsToBase, decimalOf, marketSpecOf } from './market-spec.js';
import type { VenueProfile } from './venue-profile.js';

const STATUSES: ReadonlySet<string> = new Set<VenueOrderStatus>(['open', 'closed', 'canceled', 'rejected', 'expired']);

/** A ccxt position that holds something: contracts > 0 on a known side. */
export type HeldPosition = Position & { readonly contracts: number; readonly side: 'long' | 'short' };

/** Whether ccxt's position holds contracts on a known side; an empty entry is not a position to report. */
export function isHeldPosition(p: Position): p is HeldPosition {
  if (p.contracts === undefined || p.contracts === null || !(p.contracts > 0)) return false;
  return p.side === 'long' || p.side === 'short';
}

/** The loaded ccxt market of `symbol`, or null (markets not loaded, or no such market). */
export function loadedMarket(client: Exchange, symbol: string): MarketInterface | null {
  const m = (client.markets as Record<string, MarketInterface | undefined> | undefined)?.[symbol];
  return m ?? null;
}

/**
 * ccxt's orders, positions and trades as core's `VenueOrder`, `VenuePosition` and `VenueFill` for one
 * `CcxtVenue`: amounts in base units (contracts converted), decimals as strings, the venue's client
 * ids decoded back to ours. Remembers the client id of every order it converts, for fills whose venue
 * payload does not carry it.
 */
export class CcxtRecordConverter {
  /** Venue order id → our client order id, for fills whose venue payload does not carry it. */
  private readonly clientIdOfOrder = new Map<string, string>();

  constructor(
    private readonly venueId: string,
    private readonly client: Exchange,
    private readonly profile: VenueProfile,
    private readonly clock: Clock,
    /** The venue's market specs so far (a fill in a market not yet in it gets one made from the ccxt market). */
    private readonly specs: ReadonlyMap<string, MarketSpec>,
  ) {}

  /** `req`, when given, is the request that placed `o`: it fills in what the venue's answer leaves out. */
  order(o: Order, m: MarketInterface, spec: MarketSpec, req?: VenueOrderRequest): VenueOrder {
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
      timestamp: o.timestamp ?? this.clock.now(),
    };
  }

  /** `leverageSet` is what the adapter last set: ccxt reads Binance's positions without leverage. */
  position(p: HeldPosition, m: MarketInterface, spec: MarketSpec, leverageSet: number | undefined): VenuePosition {
    const entry = decimalOf(p.entryPrice);
    return {
      symbol: m.symbol,
      side: p.side,
      amount: contractsToBase(p.contracts, m, spec),
      entryPrice: entry === null ? '0' : entry.toFixed(),
      leverage: p.leverage ?? leverageSet ?? null,
      marginMode: p.marginMode === 'isolated' || p.marginMode === 'cross' ? p.marginMode : null,
      unrealizedPnl: decimalOf(p.unrealizedPnl)?.toFixed() ?? null,
    };
  }

  /** One of our trades as a fill; null for a trade without id or in a market ccxt has not loaded. */
  fill(t: Trade): VenueFill | null {
    const m = t.symbol ? loadedMarket(this.client, t.symbol) : null;
    if (m === null || t.id === undefined || t.id === null) return null;
    const spec = this.specs.get(m.symbol) ?? marketSpecOf(this.venueId, m, this.client.precisionMode ?? CcxtPrecisionMode.TickSize);
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
      timestamp: t.timestamp ?? this.clock.now(),
    };
  }
}
