import { FieldValue } from 'firebase-admin/firestore';
import { type OrderFilled, type OrderRejected, type VenueOrder, type VenuePort, Topic, ZERO, dec, derivedId } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { requireDoc } from '../firestore/stored-doc.js';
import type { StoredEvent } from '../firestore/stored-events.js';
import { readCloseContext, writeLiveClose } from './live-close.js';
import { LivePositionDocSchema, orderRef, positionRef, protectiveStopId, strayStopIds } from './live-docs.js';
import type { PlaceResult } from './place-order.js';
import { type RecordOutcome, inFlightOrder, venueKind } from './record-entry.js';

/** The quote fee of a venue order (0 when the venue charged another currency or reported none). */
const quoteFee = (o: VenueOrder, quote: string) => (o.fee !== null && o.fee.currency === quote ? dec(o.fee.cost) : ZERO);

/**
 * Second phase of a close: the venue's answer in one transaction — order status, trade history, the
 * position gone (or shrunk) with its slot, the day's P&L, the events. When our close filled nothing
 * because the protective stop had already closed the position (`stopOrder`, fetched by the caller),
 * the position is closed at the stop's fill instead.
 */
export async function recordExit(d: Deps, venue: VenuePort, cid: string, result: PlaceResult, stopOrder: VenueOrder | null = null): Promise<RecordOutcome> {
  const now = d.clock.now();
  const ref = orderRef(d.db, cid);
  const vo = 'order' in result ? result.order : null;
  const closedAt = vo?.timestamp ?? stopOrder?.timestamp ?? now;
  return d.db.runTransaction(async (tx): Promise<RecordOutcome> => {
    const read = inFlightOrder(await tx.get(ref), cid);
    if ('settled' in read) return read.settled;
    const doc = read.doc;
    const x = doc.exit ?? { reason: 'unknown', detail: '', values: {} };
    const posSnap = await tx.get(positionRef(d.db, doc.positionId));
    const filled = vo === null ? ZERO : dec(vo.filled);
    const venueFields = vo === null ? {} : { venueOrderId: vo.id, venueStatus: vo.status, filled: vo.filled };
    if (vo !== null && vo.status === 'open') {
      if (doc.status === 'submitting') tx.update(ref, { status: 'open', ...venueFields, updatedAt: now });
      return { clientOrderId: cid, status: 'open', events: [] };
    }
    if (!posSnap.exists) {
      // Reconciliation closed it meanwhile (it skips symbols with orders in flight, so only after a long stall).
      tx.update(ref, { status: filled.gt(0) ? 'filled' : 'rejected', ...venueFields, reason: `position ${doc.positionId} was no longer open when the close was recorded`, events: [], updatedAt: now });
      d.log(`close ${cid}: position ${doc.positionId} already gone; venue order recorded, nothing else changed`);
      return { clientOrderId: cid, status: filled.gt(0) ? 'filled' : 'rejected', events: [] };
    }
    const pos = requireDoc(LivePositionDocSchema, posSnap);
    const ctx = await readCloseContext(tx, d.db, pos, closedAt);
    const base = { tsEvent: closedAt, tsInit: now, correlationId: doc.envelope.correlationId, causationId: doc.envelope.causationId };
    const quote = pos.market.quote;

    if (filled.eq(0)) {
      const stopFilled = stopOrder !== null && dec(stopOrder.filled).gt(0) && stopOrder.average !== null;
      if (stopOrder !== null && stopFilled && stopOrder.clientOrderId !== null) {
        const stopCid = stopOrder.clientOrderId;
        const fee = quoteFee(stopOrder, quote);
        const r = writeLiveClose(tx, d.db, { position: pos, exit: { price: dec(stopOrder.average as string), fee }, amount: dec(stopOrder.filled), reason: 'protective_stop', closedAt, exitOrderId: stopCid, extra: { requestedExitReason: x.reason } }, base, now, ctx);
        const stopFill: OrderFilled = { type: 'order.filled', eventId: derivedId('evt', stopCid, 'filled'), ...base, payload: { clientOrderId: stopCid, positionId: pos.positionId, symbol: pos.symbol, exchange: pos.exchange, intent: 'close', side: pos.side === 'long' ? 'sell' : 'buy', price: dec(stopOrder.average as string).toFixed(), amount: stopOrder.filled, fee: fee.toFixed(), feeCurrency: quote, venue: venueKind(venue) } };
        const events: StoredEvent[] = [{ topic: Topic.TradingEvents, message: stopFill }, ...(r.closed ? [{ topic: Topic.TradingEvents, message: r.closed }] : [])];
        tx.update(ref, { status: 'rejected', ...venueFields, reason: `the protective stop ${stopCid} had closed the position`, closedBy: stopCid, events, updatedAt: now });
        return { clientOrderId: cid, status: 'rejected', events };
      }
      const reason = 'refused' in result ? result.refused : `${venue.id} ended the close ${vo?.status ?? 'unknown'} with nothing filled`;
      const ev: OrderRejected = { type: 'order.rejected', eventId: derivedId('evt', cid, 'rejected'), ...base, payload: { clientOrderId: cid, signalId: pos.signalId ?? pos.positionId, symbol: pos.symbol, handler: 'venue', reason } };
      const events: StoredEvent[] = [{ topic: Topic.TradingEvents, message: ev }];
      tx.update(ref, { status: 'rejected', ...venueFields, handler: 'venue', reason, events, updatedAt: now });
      return { clientOrderId: cid, status: 'rejected', events };
    }

    const o = vo as VenueOrder;
    const price = dec(o.average ?? o.price ?? pos.entryPrice);
    const fee = quoteFee(o, quote);
    // What is left below the amount step after the close sold all it asked for cannot be sold: dust.
    const rest = dec(pos.amount).minus(filled);
    const dust = rest.gt(0) && rest.lt(dec(1).div(10 ** pos.market.amountPrecision)) && filled.gte(dec(doc.request.amount)) ? rest : ZERO;
    const r = writeLiveClose(tx, d.db, { position: pos, exit: { price, fee }, amount: filled, dust, reason: x.reason, closedAt, exitOrderId: cid, extra: { exitDetail: x.detail, exitValues: x.values } }, base, now, ctx);
    const filledEv: OrderFilled = { type: 'order.filled', eventId: derivedId('evt', cid, 'filled'), ...base, payload: { clientOrderId: cid, positionId: pos.positionId, symbol: pos.symbol, exchange: pos.exchange, intent: 'close', side: doc.request.side, price: price.toFixed(), amount: filled.toFixed(), fee: fee.toFixed(), feeCurrency: quote, venue: venueKind(venue) } };
    const events: StoredEvent[] = [{ topic: Topic.TradingEvents, message: filledEv }, ...(r.closed ? [{ topic: Topic.TradingEvents, message: r.closed }] : [])];
    const stopId = protectiveStopId(pos);
    const whole = filled.plus(dust).gte(dec(pos.amount));
    tx.update(ref, { status: 'filled', ...venueFields, price: price.toFixed(), amount: filled.toFixed(), fee: fee.toFixed(), feeCurrency: quote, venueFee: o.fee, filledAt: o.timestamp, recordedAt: FieldValue.serverTimestamp(), pnl: r.pnl, protectiveStopClientOrderId: stopId, events, updatedAt: now });
    const strays = strayStopIds(pos);
    return whole && (stopId !== null || strays.length > 0) ? { clientOrderId: cid, status: 'filled', events, cancelStop: { symbol: pos.symbol, clientOrderId: stopId, strays } } : { clientOrderId: cid, status: 'filled', events };
  });
}
