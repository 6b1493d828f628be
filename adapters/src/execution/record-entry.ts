import { type DocumentSnapshot, FieldValue } from 'firebase-admin/firestore';
import { type OrderFilled, type OrderRejected, type PositionOpened, type VenuePort, Topic, dec, derivedId, roundTo } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { requireDoc } from '../firestore/stored-doc.js';
import { type StoredEvent, readStoredEvents } from '../firestore/stored-events.js';
import { IN_FLIGHT, type LiveOrderDoc, LiveOrderDocSchema, type LiveOrderStatus, type LivePositionDoc, orderRef, positionRef, readOrderStatus, slotHolder, slotRef } from './live-docs.js';
import { entryFill } from './entry-fill.js';
import type { PlaceResult } from './place-order.js';
import type { ProtectiveStopRecord } from '../venues/ccxt/protective-stop.js';

export interface RecordOutcome {
  readonly clientOrderId: string;
  /** `pending`: not known yet (retry later); `ignored`: nothing to do (e.g. an exit for a position already gone). */
  readonly status: LiveOrderStatus | 'pending' | 'ignored';
  /** Events to announce (stored with the state change; re-announced on redelivery). */
  readonly events: readonly StoredEvent[];
  /** The position this recording opened, for its protective stop. */
  readonly opened?: LivePositionDoc;
  /** The resting protective stop of the position this recording closed whole: cancel it now. */
  /** The closed position's resting stop (null: none recorded), and its strays (`strayStopIds`: orphans, the next placement's id). */
  readonly cancelStop?: { readonly symbol: string; readonly clientOrderId: string | null; readonly strays: readonly string[] };
}

/** The `venue` field of fill events: a fill on the paper venue is a paper fill whichever path placed it. */
export const venueKind = (venue: VenuePort): 'paper' | 'live' => (venue.id === 'paper' ? 'paper' : 'live');

/**
 * The order document a second phase is about to record: still in flight (its parsed document), or
 * already recorded by someone else (a concurrent recovery), whose stored events are the outcome.
 */
export function inFlightOrder(snap: DocumentSnapshot, cid: string): { readonly settled: RecordOutcome } | { readonly doc: LiveOrderDoc } {
  if (!snap.exists) throw new Error(`orders/${cid} vanished before its result was recorded`);
  const status = readOrderStatus(snap);
  if (!IN_FLIGHT.includes(status)) return { settled: { clientOrderId: cid, status, events: readStoredEvents(snap) } };
  return { doc: requireDoc(LiveOrderDocSchema, snap) };
}

/**
 * Second phase of an entry: the venue's answer, recorded in one transaction with everything it
 * implies — order status and fill, the position, the slot, the events to announce. A document that
 * is no longer in flight was recorded by someone else (a concurrent recovery): its events are returned.
 */
export async function recordEntry(d: Deps, venue: VenuePort, cid: string, result: PlaceResult, protection: ProtectiveStopRecord | null = null): Promise<RecordOutcome> {
  const now = d.clock.now();
  const ref = orderRef(d.db, cid);
  return d.db.runTransaction(async (tx): Promise<RecordOutcome> => {
    const read = inFlightOrder(await tx.get(ref), cid);
    if ('settled' in read) return read.settled;
    const doc = read.doc;
    const e = entryOf(doc);
    const sRef = slotRef(d.db, doc.venueId, doc.symbol);
    const slot = await tx.get(sRef);
    const holder = slotHolder(slot);
    const base = { tsInit: now, correlationId: doc.envelope.correlationId, causationId: doc.envelope.causationId };

    const reject = (reason: string, venueOrderId: string | null): RecordOutcome => {
      const ev: OrderRejected = { type: 'order.rejected', eventId: derivedId('evt', cid, 'rejected'), tsEvent: now, ...base, payload: { clientOrderId: cid, signalId: e.signalId, symbol: doc.symbol, handler: 'venue', reason } };
      const events: StoredEvent[] = [{ topic: Topic.TradingEvents, message: ev }];
      tx.update(ref, { status: 'rejected', handler: 'venue', reason, venueOrderId, events, updatedAt: now });
      if (holder === cid) tx.delete(sRef);
      return { clientOrderId: cid, status: 'rejected', events };
    };

    if ('refused' in result) return reject(result.refused, null);
    const vo = result.order;
    const filled = dec(vo.filled);
    if (vo.status === 'open') {
      if (doc.status === 'submitting') tx.update(ref, { status: 'open', venueOrderId: vo.id, filled: vo.filled, updatedAt: now });
      return { clientOrderId: cid, status: 'open', events: [] };
    }
    if (filled.eq(0)) return reject(`${venue.id} ended the order ${vo.status} with nothing filled`, vo.id);

    // A cancelled remainder (partial fill) still leaves a position: the filled part, less a base-asset fee.
    const m = e.market;
    const fill = entryFill(doc, vo);
    const { price, fee } = fill;
    const notional = price.times(filled);
    const lev = doc.leverage ?? 1;
    const margin = lev > 1 ? roundTo(notional.div(lev), m.pricePrecision + m.amountPrecision, 'up') : notional;
    const stop = fill.initialStopPrice;
    const filledEv: OrderFilled = {
      type: 'order.filled',
      eventId: derivedId('evt', cid, 'filled'),
      tsEvent: vo.timestamp,
      ...base,
      payload: { clientOrderId: cid, positionId: cid, symbol: m.symbol, exchange: m.exchange, intent: 'open', side: doc.request.side, price: price.toFixed(), amount: filled.toFixed(), fee: fee.toFixed(), feeCurrency: m.quote, venue: venueKind(venue) },
    };
    const openedEv: PositionOpened = {
      type: 'position.opened',
      eventId: derivedId('evt', cid, 'opened'),
      tsEvent: vo.timestamp,
      ...base,
      payload: { positionId: cid, symbol: m.symbol, exchange: m.exchange, side: e.side, entryPrice: price.toFixed(), amount: fill.held.toFixed(), openedAt: vo.timestamp, trailingStopPct: e.trailingStopPct, initialStopPrice: stop, maxHoldMs: e.maxHoldMs, ...(protection && protection.mode !== 'none' && protection.status !== 'unsupported' ? { exchangeStop: true } : {}) },
    };
    const events: StoredEvent[] = [
      { topic: Topic.TradingEvents, message: filledEv },
      { topic: Topic.TradingEvents, message: openedEv },
    ];
    const position: LivePositionDoc = {
      positionId: cid,
      signalId: e.signalId,
      venueId: doc.venueId,
      exchange: m.exchange,
      symbol: m.symbol,
      market: m,
      side: e.side,
      entryPrice: price.toFixed(),
      amount: fill.held.toFixed(),
      entryFee: fee.toFixed(),
      margin: margin.toFixed(),
      openedAt: vo.timestamp,
      trailingStopPct: e.trailingStopPct,
      initialStopPrice: stop,
      maxHoldMs: e.maxHoldMs,
      // Placed on the venue before this recording (issue 11 #1): its id, price and status.
      protectiveStop: protection ?? `unsupported: ${venue.id} cannot hold a reduce-only stop; the client-side monitor is the only stop`,
      origin: 'signal',
    };
    tx.update(ref, {
      status: 'filled',
      venueOrderId: vo.id,
      venueStatus: vo.status,
      price: price.toFixed(),
      amount: filled.toFixed(),
      fee: fee.toFixed(),
      feeCurrency: m.quote,
      venueFee: vo.fee,
      filledAt: vo.timestamp,
      recordedAt: FieldValue.serverTimestamp(),
      events,
      updatedAt: now,
    });
    tx.create(positionRef(d.db, cid), { ...position, score: e.score, entryOrderId: cid, venueOrderId: vo.id, live: true, createdAt: now });
    if (holder === null || holder === cid) tx.set(sRef, { venueId: doc.venueId, symbol: doc.symbol, holder: cid, state: 'open', since: now });
    else d.log(`position ${cid} opened on ${doc.symbol} while the slot is held by ${holder}: reconciliation will compare them with the venue`);
    return { clientOrderId: cid, status: 'filled', events, opened: position };
  });
}

function entryOf(doc: LiveOrderDoc): NonNullable<LiveOrderDoc['entry']> {
  if (doc.entry === null) throw new Error(`orders/${doc.clientOrderId} is an entry without its entry context`);
  return doc.entry;
}
