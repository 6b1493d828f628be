import { type OrderRejected, type PlaceIntent, type SignalGenerated, type VenuePort, Topic, dec, defaultExecutionChain, derivedId, entryClientOrderId, isLeveraged, runChain, slotLimitsVerdict } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { readDoc } from '../firestore/stored-doc.js';
import { loadStrategyConfig } from '../firestore/strategy-config.js';
import { publishAll, type StoredEvent } from '../firestore/stored-events.js';
import { closeLivePosition } from './execute-live-exit.js';
import { liveChainContext } from './live-chain-context.js';
import { type LiveOrderDoc, PositionSlotSchema, orderRef, slotRef } from './live-docs.js';
import type { LiveOptions } from './live-options.js';
import type { RecordOutcome } from './record-entry.js';
import { placeAndRecord, recoverOrder, settledOrThrow } from './recover-order.js';
import { RecoveryPendingError } from './venue-errors.js';
import { heldSlots, markClaim } from './slot-limits.js';

/**
 * execute on a live venue, exactly once. The client order id derives from the signal id; the order
 * is first written as `submitting` with everything needed to place it (one transaction with the
 * symbol's position slot), then placed under that id, then the venue's answer recorded with the
 * position and the events in a second transaction. A redelivered or duplicated signal finds the
 * document and recovers or re-announces it (`recoverOrder`); it never places a second order.
 */
export async function executeLiveSignal(signal: SignalGenerated, d: Deps, venue: VenuePort, opts: LiveOptions = {}): Promise<RecordOutcome> {
  const p = signal.payload;
  const cid = entryClientOrderId(p.signalId);
  const ref = orderRef(d.db, cid);
  if ((await ref.get()).exists) return settledOrThrow(await recoverOrder(d, venue, cid, opts));
  const now = d.clock.now();
  const cfg = await loadStrategyConfig(d, now);
  const ctx = await liveChainContext(d, venue, p, cfg, opts.paused ?? []);
  const r = runChain(defaultExecutionChain, ctx);
  const envelope = { correlationId: signal.correlationId, causationId: signal.eventId, tsEvent: now };
  const base = { tsEvent: now, tsInit: now, correlationId: signal.correlationId, causationId: signal.eventId };
  const rejected = (handler: string, reason: string): StoredEvent[] => {
    const ev: OrderRejected = { type: 'order.rejected', eventId: derivedId('evt', cid, 'rejected'), ...base, payload: { clientOrderId: cid, signalId: p.signalId, symbol: p.market.symbol, handler, reason } };
    return [{ topic: Topic.TradingEvents, message: ev }];
  };
  const rejectedDoc = (handler: string, reason: string, events: StoredEvent[], extra: Record<string, unknown>) => ({ clientOrderId: cid, signalId: p.signalId, venueId: venue.id, symbol: p.market.symbol, exchange: p.market.exchange, intent: 'open', status: 'rejected', handler, reason, createdAt: now, events, ...extra });

  if (!r.accepted) {
    const { handler, reason, numbers } = r.rejection;
    const evs = rejected(handler, reason);
    const stored = await d.db.runTransaction(async (tx) => {
      const o = await tx.get(ref);
      if (o.exists) return null;
      tx.create(ref, rejectedDoc(handler, reason, evs, { numbers, chain: r.log }));
      return evs;
    });
    if (stored === null) return settledOrThrow(await recoverOrder(d, venue, cid, opts));
    await publishAll(d, stored);
    return { clientOrderId: cid, status: 'rejected', events: stored };
  }

  // A reversal closes the opposite position first, and the entry waits until that close has filled.
  for (const i of r.intents) {
    if (i.kind !== 'close') continue;
    const c = await closeLivePosition(d, venue, { positionId: i.positionId, reason: i.reason, detail: `opposite signal ${p.signalId}`, values: {}, correlationId: signal.correlationId, causationId: signal.eventId }, opts);
    if (c.status !== 'filled' && c.status !== 'ignored') throw new RecoveryPendingError(`the reversal's close of ${i.positionId} is ${c.status}: the entry ${cid} waits for it`);
  }
  const place = r.intents.find((i): i is PlaceIntent => i.kind === 'place');
  if (place === undefined) throw new Error('execution chain accepted a signal without a place intent');
  const doc: LiveOrderDoc = {
    clientOrderId: cid,
    venueId: venue.id,
    exchange: p.market.exchange,
    symbol: p.market.symbol,
    intent: 'open',
    positionId: cid,
    status: 'submitting',
    request: { clientOrderId: cid, symbol: p.market.symbol, side: place.side, type: 'market', amount: place.amount, reduceOnly: false },
    leverage: isLeveraged(p.market.marketType) ? place.leverage : null,
    submittingAt: now,
    placeAttempts: 1,
    envelope,
    entry: { signalId: p.signalId, market: p.market, side: p.side, score: p.score, trailingStopPct: p.trailingStopPct, initialStopPct: p.initialStopPct, maxHoldMs: p.maxHoldMs, triggerPublishedAt: p.triggerPublishedAt, referencePrice: place.referencePrice },
    exit: null,
  };
  // Set before the intent is written: a failure here leaves nothing to recover, only a plain retry.
  if (doc.leverage !== null) await venue.setLeverage(doc.symbol, doc.leverage);
  const sRef = slotRef(d.db, venue.id, p.market.symbol);
  const phase1 = await d.db.runTransaction(async (tx): Promise<'exists' | 'created' | StoredEvent[]> => {
    const [o, slot] = await Promise.all([tx.get(ref), tx.get(sRef)]);
    if (o.exists) return 'exists';
    const held = readDoc(PositionSlotSchema, slot);
    if (held !== null && held.holder !== cid) {
      // Another entry, adoption or position holds the symbol: one position per symbol (§2.2.4), even under concurrency.
      const reason = `the ${p.market.symbol} slot on ${venue.id} is held by ${held.holder} (${held.state})`;
      const evs = rejected('existing_position', reason);
      tx.create(ref, rejectedDoc('existing_position', reason, evs, { chain: r.log }));
      return evs;
    }
    // The position and exposure limits again, on the slots held now: the chain's snapshot predates this claim (issue 11 #7).
    const notional = dec(place.amount).times(dec(place.referencePrice));
    const limits = slotLimitsVerdict(await heldSlots(tx, d.db, venue.id, cid), notional, cfg.execution, dec(ctx.account.equity), ctx.capitalAllocation);
    if (!limits.ok) {
      const evs = rejected(limits.handler, limits.reason);
      tx.create(ref, rejectedDoc(limits.handler, limits.reason, evs, { numbers: limits.numbers, chain: r.log }));
      return evs;
    }
    markClaim(tx, d.db, venue.id, cid, now);
    tx.create(ref, { ...doc, signalId: p.signalId, triggerPublishedAt: p.triggerPublishedAt, chain: r.log, createdAt: now, events: [] });
    tx.set(sRef, { venueId: venue.id, symbol: p.market.symbol, holder: cid, state: 'entering', since: now, notional: notional.toFixed() });
    return 'created';
  });
  if (phase1 === 'exists') return settledOrThrow(await recoverOrder(d, venue, cid, opts));
  if (phase1 !== 'created') {
    await publishAll(d, phase1);
    return { clientOrderId: cid, status: 'rejected', events: phase1 };
  }
  return settledOrThrow(await placeAndRecord(d, venue, doc, opts));
}
