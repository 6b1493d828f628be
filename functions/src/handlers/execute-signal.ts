import type { CloudEvent } from 'firebase-functions/v2';
import type { MessagePublishedData } from 'firebase-functions/v2/pubsub';
import {
  type OrderFilled,
  type OrderRejected,
  type PositionOpened,
  type SignalGenerated,
  Topic,
  derivedId,
  entryClientOrderId,
  paperEntryFill,
  referenceOrTrigger,
} from '@cascade/core';
import { consume } from '../adapters/consume.js';
import { type Deps, deps } from '../adapters/deps.js';
import { loadStrategyConfig } from '../adapters/strategy-config.js';
import { publishAll, type StoredEvent } from '../adapters/stored-events.js';
import { filledOrderDoc } from '../adapters/order-doc.js';
import { positionSlotId } from '../adapters/position-slot.js';

/**
 * execute: signal → paper order. The client order id derives from the signal id, and the order, the
 * position and the events to announce are written in one Firestore transaction keyed by it: a
 * redelivered or duplicated signal finds the order and only re-announces its stored events.
 */
export async function executeSignal(signal: SignalGenerated, d: Deps): Promise<void> {
  const p = signal.payload;
  const cid = entryClientOrderId(p.signalId);
  const now = d.clock.now();
  const cfg = await loadStrategyConfig(d, now);
  const orderRef = d.db.collection('orders').doc(cid);
  const positionRef = d.db.collection('active_positions').doc(cid);
  const slotRef = d.db.collection('position_slots').doc(positionSlotId(p.market.exchange, p.market.symbol));
  const events = await d.db.runTransaction(async (tx) => {
    const existing = await tx.get(orderRef);
    if (existing.exists) return (existing.get('events') ?? []) as StoredEvent[];
    const base = { tsEvent: (p.fillReference ?? p.reference).ts, tsInit: now, correlationId: signal.correlationId, causationId: signal.eventId };
    const reject = (handler: string, reason: string): StoredEvent[] => {
      const ev: OrderRejected = { type: 'order.rejected', eventId: derivedId('evt', cid, 'rejected'), ...base, payload: { clientOrderId: cid, signalId: p.signalId, symbol: p.market.symbol, handler, reason } };
      const evs: StoredEvent[] = [{ topic: Topic.TradingEvents, message: ev }];
      tx.create(orderRef, { clientOrderId: cid, signalId: p.signalId, symbol: p.market.symbol, exchange: p.market.exchange, intent: 'open', status: 'rejected', handler, reason, createdAt: now, events: evs });
      return evs;
    };
    // Existing-position check (§2.2.4 chain, first handler): one position per symbol and venue. A point
    // read of the symbol's slot, not a query: it locks one document, so exits and entries of other
    // symbols never wait on it.
    const slot = await tx.get(slotRef);
    if (slot.exists) return reject('existing_position', `a position on ${p.market.symbol} is already open (${slot.get('positionId') as string})`);
    const side = p.side === 'long' ? 'buy' : 'sell';
    // The paper venue fills at the reference trade analytics chose with the latency model — the same
    // trade and arithmetic as the backtester's.
    const ref = referenceOrTrigger(p.fillReference, p.reference);
    const fill = paperEntryFill(p.market, cfg.paperVenue, side, cfg.sizing.quoteNotional, ref);
    if (!fill.ok) return reject(fill.handler, fill.reason);
    const f = { ...fill.fill, amount: fill.fill.qty };
    const filled: OrderFilled = {
      type: 'order.filled',
      eventId: derivedId('evt', cid, 'filled'),
      ...base,
      payload: { clientOrderId: cid, positionId: cid, symbol: p.market.symbol, exchange: p.market.exchange, intent: 'open', side, price: f.price.toFixed(), amount: f.amount.toFixed(), fee: f.fee.toFixed(), feeCurrency: p.market.quote, venue: 'paper' },
    };
    const opened: PositionOpened = {
      type: 'position.opened',
      eventId: derivedId('evt', cid, 'opened'),
      ...base,
      payload: { positionId: cid, symbol: p.market.symbol, exchange: p.market.exchange, side: p.side, entryPrice: f.price.toFixed(), amount: f.amount.toFixed(), openedAt: (p.fillReference ?? p.reference).ts, trailingStopPct: p.trailingStopPct, maxHoldMs: p.maxHoldMs },
    };
    const evs: StoredEvent[] = [
      { topic: Topic.TradingEvents, message: filled },
      { topic: Topic.TradingEvents, message: opened },
    ];
    // End-to-end latency = recordedAt (commit time) − triggerPublishedAt (streamer publish time).
    tx.create(orderRef, filledOrderDoc(filled, evs, now, { signalId: p.signalId, triggerPublishedAt: p.triggerPublishedAt, fillReference: ref, slippageBps: fill.fill.slippageBps }));
    tx.create(slotRef, { positionId: cid, exchange: p.market.exchange, symbol: p.market.symbol, openedAt: (p.fillReference ?? p.reference).ts });
    tx.create(positionRef, {
      positionId: cid,
      signalId: p.signalId,
      symbol: p.market.symbol,
      exchange: p.market.exchange,
      market: p.market,
      side: p.side,
      entryPrice: f.price.toFixed(),
      amount: f.amount.toFixed(),
      entryFee: f.fee.toFixed(),
      openedAt: (p.fillReference ?? p.reference).ts,
      trailingStopPct: p.trailingStopPct,
      maxHoldMs: p.maxHoldMs,
      score: p.score,
      // Paper positions need no exchange-held stop; live ones record theirs here (venue work).
      protectiveStop: 'none (paper)',
      createdAt: now,
    });
    return evs;
  });
  await publishAll(d, events);
}

export const handleSignal = (event: CloudEvent<MessagePublishedData>): Promise<void> => {
  const d = deps();
  return consume(Topic.TradingSignals, event, d, (m) => executeSignal(m, d));
};
