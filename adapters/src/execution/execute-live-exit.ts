import { type ExitRequested, type VenuePort, exitClientOrderId, isLeveraged } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { requireDoc } from '../firestore/stored-doc.js';
import { type LiveOrderDoc, LivePositionDocSchema, orderRef, positionRef } from './live-docs.js';
import type { LiveOptions } from './live-options.js';
import type { RecordOutcome } from './record-entry.js';
import { placeAndRecord, recoverOrder, settledOrThrow } from './recover-order.js';

export interface CloseRequest {
  readonly positionId: string;
  readonly reason: string;
  readonly detail: string;
  readonly values: Record<string, number | string | null>;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** execute (exits) on a live venue: the exit request's position closed exactly once. */
export async function executeLiveExit(req: ExitRequested, d: Deps, venue: VenuePort, opts: LiveOptions = {}): Promise<RecordOutcome> {
  const p = req.payload;
  return settledOrThrow(await closeLivePosition(d, venue, { positionId: p.positionId, reason: p.reason, detail: p.detail, values: p.values, correlationId: req.correlationId, causationId: req.eventId }, opts));
}

/**
 * Close a live position whole with a market order keyed by `exitClientOrderId(positionId)`: however
 * many exit requests (monitor, reversal, risk) arrive for a position, one closing order exists. The
 * same two phases as an entry; once the close has filled, the position's resting protective stop is
 * cancelled. Returns `ignored` when the position is not (or no longer) open.
 */
export async function closeLivePosition(d: Deps, venue: VenuePort, c: CloseRequest, opts: LiveOptions = {}): Promise<RecordOutcome> {
  const cid = exitClientOrderId(c.positionId);
  const ref = orderRef(d.db, cid);
  if ((await ref.get()).exists) return recoverOrder(d, venue, cid, opts);
  const now = d.clock.now();
  const pRef = positionRef(d.db, c.positionId);
  const phase1 = await d.db.runTransaction(async (tx): Promise<LiveOrderDoc | 'exists' | 'gone'> => {
    const [o, ps] = await Promise.all([tx.get(ref), tx.get(pRef)]);
    if (o.exists) return 'exists';
    if (!ps.exists) return 'gone';
    const pos = requireDoc(LivePositionDocSchema, ps);
    if (pos.venueId !== venue.id) throw new Error(`position ${c.positionId} is on ${pos.venueId}, not ${venue.id}`);
    const doc: LiveOrderDoc = {
      clientOrderId: cid,
      venueId: venue.id,
      exchange: pos.exchange,
      symbol: pos.symbol,
      intent: 'close',
      positionId: pos.positionId,
      status: 'submitting',
      // Reduce-only where the venue has it (derivatives): a close can never open the other way.
      request: { clientOrderId: cid, symbol: pos.symbol, side: pos.side === 'long' ? 'sell' : 'buy', type: 'market', amount: pos.amount, reduceOnly: isLeveraged(pos.market.marketType) },
      leverage: null,
      submittingAt: now,
      placeAttempts: 1,
      envelope: { correlationId: c.correlationId, causationId: c.causationId, tsEvent: now },
      entry: null,
      exit: { reason: c.reason, detail: c.detail, values: c.values },
    };
    tx.create(ref, { ...doc, createdAt: now, events: [] });
    return doc;
  });
  if (phase1 === 'exists') return recoverOrder(d, venue, cid, opts);
  if (phase1 === 'gone') {
    d.log(`exit for ${c.positionId} ignored: no such open position`);
    return { clientOrderId: cid, status: 'ignored', events: [] };
  }
  return placeAndRecord(d, venue, phase1, opts);
}
