import { type Dec, dec, fromTape } from '../execution/money.js';
import type { MarketSpec } from '../model/market.js';
import type { SimVenueModel } from './sim-venue-model.js';
import { takerPrice, takerSlippageBps } from './slippage.js';

/** The tape trade a paper market order fills against, with the venue volume the slippage model needs. */
export interface FillReference {
  readonly tradeId: string;
  readonly ts: number;
  readonly price: number;
  /** Base volume over the model's window ending at this trade (exact decimal string). */
  readonly recentVolume: string;
}

export interface ReferenceFill {
  readonly price: Dec;
  readonly qty: Dec;
  readonly notional: Dec;
  readonly fee: Dec;
  readonly slippageBps: number;
}

/**
 * A market order filled whole against its reference trade — the sim venue's taker fill, computed
 * without the venue object so a function holding only the message prices it identically.
 */
export function referenceTakerFill(market: MarketSpec, model: SimVenueModel, side: 'buy' | 'sell', qty: Dec, ref: FillReference): ReferenceFill {
  const reference = fromTape(ref.price, market.pricePrecision);
  const bps = takerSlippageBps(model.slippage, qty, dec(ref.recentVolume));
  const price = takerPrice(side, reference, bps, market.pricePrecision);
  const notional = price.times(qty);
  const fee = notional.times(dec(model.fees.taker ?? market.takerFee));
  return { price, qty, notional, fee, slippageBps: Number(bps.toFixed()) };
}

/** Old messages and live triggers carry no reference: fill against the trigger with no volume known. */
export function referenceOrTrigger(ref: FillReference | null, trigger: { tradeId: string; ts: number; price: number }): FillReference {
  return ref ?? { tradeId: trigger.tradeId, ts: trigger.ts, price: trigger.price, recentVolume: '0' };
}
