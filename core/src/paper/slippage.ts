import { type Dec, dec, roundTo } from '../execution/money.js';
import type { SimVenueModel } from './sim-venue-model.js';

/** Basis points are carried to 4 decimals: 1e-8 of the price, below any venue's tick. */
const BPS_DECIMALS = 4;

/**
 * Slippage of one taker slice in bps: `fixedBps + min(maxImpactBps, impactBps × qty / recentVolume)`,
 * rounded up (against the taker) to 4 decimals. `recentVolume` includes the filling trade, so it is
 * zero only on a tape of zero-amount prints; then the impact is taken at its ceiling.
 */
export function takerSlippageBps(s: SimVenueModel['slippage'], qty: Dec, recentVolume: Dec): Dec {
  const max = dec(s.maxImpactBps);
  const impact = recentVolume.gt(0) ? dec(s.impactBps).times(qty).div(recentVolume) : max;
  return roundTo(dec(s.fixedBps).plus(impact.gt(max) ? max : impact), BPS_DECIMALS, 'up');
}

/**
 * The reference price moved against the taker by `bps` and put on the tick grid the taker's way:
 * up for buys, down for sells. Never below one tick (a sell on a one-tick price would round to 0).
 */
export function takerPrice(side: 'buy' | 'sell', reference: Dec, bps: Dec, pricePrecision: number): Dec {
  const f = bps.div(10_000);
  const raw = side === 'buy' ? reference.times(dec(1).plus(f)) : reference.times(dec(1).minus(f));
  const price = roundTo(raw, pricePrecision, side === 'buy' ? 'up' : 'down');
  const tick = dec(1).div(dec(10).pow(pricePrecision));
  return price.gte(tick) ? price : tick;
}
