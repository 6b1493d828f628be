import { type Dec, type VenueOrder, ZERO, dec, initialStopPrice } from '@cascade/core';
import type { LiveOrderDoc } from './live-docs.js';

/** What a filled entry opened, from the venue's order: worked out once, used by the stop and the recording. */
export interface EntryFill {
  readonly price: Dec;
  /** Base amount the venue filled (the order's amount). */
  readonly filled: Dec;
  /** Base amount now held: `filled` less a fee the venue took in the base asset (Binance spot buys). */
  readonly held: Dec;
  /** The fee in quote: as charged, or a base-asset fee valued at the fill price. */
  readonly fee: Dec;
  readonly initialStopPrice: string;
}

/**
 * The position an entry's fill opens. A spot venue that charges the buy fee in the coin bought leaves
 * less in the wallet than it filled (issue 11 #4): the position holds what the wallet holds, so its
 * stop and its close never try to sell coins that are not there; the fee is booked at its quote
 * value. A fee in any third currency (e.g. BNB) is recorded on the order, not booked.
 */
export function entryFill(doc: LiveOrderDoc, vo: VenueOrder): EntryFill {
  const e = doc.entry;
  if (e === null) throw new Error(`orders/${doc.clientOrderId} is an entry without its entry context`);
  const m = e.market;
  const filled = dec(vo.filled);
  const price = dec(vo.average ?? vo.price ?? e.referencePrice);
  let fee = ZERO;
  let held = filled;
  if (vo.fee !== null && vo.fee.currency === m.quote) fee = dec(vo.fee.cost);
  else if (vo.fee !== null && vo.fee.currency === m.base && doc.request.side === 'buy') {
    const baseFee = dec(vo.fee.cost);
    held = filled.minus(baseFee);
    fee = baseFee.times(price);
  }
  return { price, filled, held, fee, initialStopPrice: initialStopPrice(e.side, price, e.initialStopPct ?? e.trailingStopPct, m.pricePrecision).toFixed() };
}
