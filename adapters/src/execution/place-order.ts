import { type VenueOrder, type VenuePort, isVenueRefusal } from '@cascade/core';
import { sleep as realSleep } from '../clock/system-time.js';
import type { LiveOrderDoc } from './live-docs.js';
import { DEFAULT_SETTLE, type LiveOptions } from './live-options.js';
import { RecoveryPendingError, errorText } from './venue-errors.js';

/** The venue's answer to a placement: its order (in whatever state), or a refusal that created none. */
export type PlaceResult = { readonly order: VenueOrder } | { readonly refused: string };

/**
 * Place the order of a `submitting` document under its client order id. Whatever the call throws,
 * the venue is asked for the client order id before anything is concluded: a timeout whose order
 * arrived, a duplicate id, a retry inside the adapter all end as "the venue has it". Only a refusal
 * the venue never turned into an order is a refusal; an unanswered request is left to recovery.
 */
export async function placeOrder(venue: VenuePort, doc: LiveOrderDoc, opts: LiveOptions): Promise<PlaceResult> {
  if (doc.leverage !== null) await venue.setLeverage(doc.symbol, doc.leverage);
  let order: VenueOrder | null = null;
  let failure: unknown = null;
  try {
    order = await venue.createOrder(doc.request);
  } catch (e) {
    failure = e;
  }
  // Outside the try: a crash here is a crash of the process, with the order on the venue and unrecorded.
  if (order !== null) await opts.hooks?.afterPlace?.(order);
  if (order === null) {
    const found = await venue.fetchOrderByClientId(doc.symbol, doc.clientOrderId);
    if (found !== null) order = found;
    else if (isVenueRefusal(failure)) return { refused: errorText(failure) };
    else throw new RecoveryPendingError(`placing ${doc.clientOrderId} on ${venue.id} failed (${errorText(failure)}) and the venue does not show it yet: recovery decides after the safety window`, { cause: failure });
  }
  return { order: await settle(venue, order, opts) };
}

/** A market order the venue answered `open`: look again a few times before recording it open. */
export async function settle(venue: VenuePort, order: VenueOrder, opts: LiveOptions): Promise<VenueOrder> {
  const s = opts.settle ?? DEFAULT_SETTLE;
  const sleep = opts.sleep ?? realSleep;
  let o = order;
  for (let i = 0; i < s.attempts && o.status === 'open' && o.clientOrderId !== null; i += 1) {
    await sleep(s.intervalMs);
    o = (await venue.fetchOrderByClientId(o.symbol, o.clientOrderId)) ?? o;
  }
  return o;
}
