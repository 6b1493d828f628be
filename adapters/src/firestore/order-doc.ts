import { FieldValue } from 'firebase-admin/firestore';
import type { OrderFilled } from '@cascade/core';
import type { StoredEvent } from './stored-events.js';

/**
 * The `orders/{clientOrderId}` document of a filled market order: the fill as announced, when it
 * filled on the tape, when Firestore recorded it (commit time), and the events to re-announce on
 * redelivery. `extra` carries what only one kind of order knows (signal, exit reason, latency start).
 */
export function filledOrderDoc(filled: OrderFilled, events: readonly StoredEvent[], now: number, extra: Record<string, unknown>): Record<string, unknown> {
  const f = filled.payload;
  return {
    clientOrderId: f.clientOrderId,
    positionId: f.positionId,
    symbol: f.symbol,
    exchange: f.exchange,
    intent: f.intent,
    side: f.side,
    type: 'market',
    venue: f.venue,
    status: 'filled',
    price: f.price,
    amount: f.amount,
    fee: f.fee,
    feeCurrency: f.feeCurrency,
    filledAt: filled.tsEvent,
    recordedAt: FieldValue.serverTimestamp(),
    createdAt: now,
    events,
    ...extra,
  };
}
