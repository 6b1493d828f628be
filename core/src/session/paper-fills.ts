import { dec } from '../execution/money.js';
import type { MarketSpec } from '../model/market.js';
import type { SimVenueModel } from '../venue-sim/sim-venue-model.js';
import { type FillReference, type ReferenceFill, qtyForNotional, referenceTakerFill } from './reference-fill.js';

export type PaperFillOutcome = { ok: true; fill: ReferenceFill } | { ok: false; handler: 'sanity'; reason: string };

/**
 * The paper venue's entry: size from the quote notional at the reference price (rounded down to the
 * lot), then a whole taker fill against the reference trade. One function for execute and the backtester.
 */
export function paperEntryFill(market: MarketSpec, model: SimVenueModel, side: 'buy' | 'sell', quoteNotional: string, ref: FillReference): PaperFillOutcome {
  const qty = qtyForNotional(market, quoteNotional, ref.price);
  if (qty.lte(0)) return { ok: false, handler: 'sanity', reason: `order size rounds to 0 at amount precision ${market.amountPrecision}` };
  const fill = referenceTakerFill(market, model, side, qty, ref);
  if (fill.notional.lt(dec(market.minNotional))) return { ok: false, handler: 'sanity', reason: `notional ${fill.notional.toFixed()} below the market minimum ${market.minNotional}` };
  return { ok: true, fill };
}

/** The paper venue's close: the whole position, taker, against the reference trade. */
export function paperExitFill(market: MarketSpec, model: SimVenueModel, side: 'buy' | 'sell', amount: string, ref: FillReference): ReferenceFill {
  return referenceTakerFill(market, model, side, dec(amount), ref);
}

/** Old messages and live triggers carry no reference: fill against the trigger with no volume known. */
export function referenceOrTrigger(ref: FillReference | null, trigger: { tradeId: string; ts: number; price: number }): FillReference {
  return ref ?? { tradeId: trigger.tradeId, ts: trigger.ts, price: trigger.price, recentVolume: '0' };
}
