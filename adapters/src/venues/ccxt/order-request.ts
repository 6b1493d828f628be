import Big from 'big.js';
import type { VenueOrderRequest } from '@cascade/core';
import { VenueRequestRefusedError } from './venue-errors.js';
import { type AccountKind, StopSupport, type VenueProfile } from './venue-profile.js';

/**
 * What `CcxtVenue.createOrder` checks and derives from a `VenueOrderRequest` before it calls ccxt:
 * the refusals that need no venue round trip, the price argument ccxt's `createOrder` takes, and a
 * stop price the venue can carry.
 */

/** Refuses, before any call to the venue, a request that lacks its price or that this account cannot rest. */
export function refuseUnplaceableOrder(venueId: string, kind: AccountKind, stopSupport: StopSupport, req: VenueOrderRequest): void {
  const isStop = req.type === 'stop';
  if (isStop && req.stopPrice === undefined) throw new VenueRequestRefusedError(venueId, `stop order ${req.clientOrderId} has no stopPrice`);
  if (req.type === 'limit' && req.price === undefined) throw new VenueRequestRefusedError(venueId, `limit order ${req.clientOrderId} has no price`);
  if (isStop && stopSupport === StopSupport.None) throw new VenueRequestRefusedError(venueId, `${kind} account cannot rest a stop order`);
  if (isStop && stopSupport === StopSupport.SellStop && req.side !== 'sell') throw new VenueRequestRefusedError(venueId, 'a spot protective stop can only sell');
}

/** The `price` argument of ccxt's `createOrder`: a limit's price, or the reference a venue's market orders need. */
export function orderPriceArg(venueId: string, profile: VenueProfile, req: VenueOrderRequest): number | undefined {
  if (req.type === 'limit') return Number(req.price);
  // Hyperliquid market and trigger orders are limits bounded by ccxt's slippage around this price.
  if (profile.marketOrderNeedsPrice) {
    const ref = req.type === 'stop' ? req.stopPrice : req.referencePrice;
    if (ref === undefined) throw new VenueRequestRefusedError(venueId, `market order ${req.clientOrderId} needs a referencePrice on ${venueId}`);
    return Number(ref);
  }
  return undefined;
}

/**
 * A stop cut to the venue's significant digits away from the market: a sell stop down, a buy stop
 * up (ccxt would round half-up, which can tighten a stop). Unchanged on venues without such a limit.
 */
export function protectiveStopPrice(profile: VenueProfile, price: string, side: 'buy' | 'sell'): string {
  const sd = profile.significantPriceDigits;
  if (sd === undefined) return price;
  const p = new Big(price);
  const intDigits = p.round(0, Big.roundDown).toFixed().replace(/^0$/, '').length;
  const digits = Math.max(sd, intDigits);
  // Big.prec rounds to significant digits: roundDown = 0, roundUp = 3.
  return p.prec(digits, side === 'sell' ? Big.roundDown : Big.roundUp).toFixed();
}
