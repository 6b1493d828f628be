import { z } from 'zod';
import { type Dec, type ExitRequested, type VenuePort, dec, isCcxtError, isLeveraged, roundTo } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { readDoc, readField } from '../firestore/stored-doc.js';
import { IN_FLIGHT, type LiveOrderDoc, type LivePositionDoc, LivePositionDocSchema, closeAttemptId, nextProtectiveStopId, orderRef, positionRef, readOrderStatus } from './live-docs.js';
import type { LiveOptions } from './live-options.js';
import { storedStopRecord } from './protective-stops.js';
import type { RecordOutcome } from './record-entry.js';
import { placeAndRecord, recoverOrder, settledOrThrow } from './recover-order.js';
import { RecoveryPendingError, errorText } from './venue-errors.js';
import { type ProtectiveStopRecord, ProtectionStatus, StopMode, recordStopIds } from '../venues/ccxt/protective-stop.js';

export interface CloseRequest {
  readonly positionId: string;
  readonly reason: string;
  readonly detail: string;
  readonly values: Record<string, number | string | null>;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/**
 * execute (exits) on a live venue: the exit request's position closed exactly once. A close the venue
 * refused or filled only in part leaves the position open: the message is retried (Pub/Sub
 * redelivers), and the next attempt sells what the venue then says is held (issue 11 #4).
 */
export async function executeLiveExit(req: ExitRequested, d: Deps, venue: VenuePort, opts: LiveOptions = {}): Promise<RecordOutcome> {
  const p = req.payload;
  const out = settledOrThrow(await closeLivePosition(d, venue, { positionId: p.positionId, reason: p.reason, detail: p.detail, values: p.values, correlationId: req.correlationId, causationId: req.eventId }, opts));
  if (out.status !== 'ignored' && (await positionRef(d.db, p.positionId).get()).exists) {
    throw new RecoveryPendingError(`close ${out.clientOrderId} of ${p.positionId} ended ${out.status} and the position is still open: the next attempt sells what ${venue.id} says is held`);
  }
  return out;
}

const CloseAttempt = z.number().int().nonnegative().optional();

/**
 * Close a live position with a market order of what the venue holds, in the same two phases as an
 * entry; once the close has filled, the position's resting protective stop is cancelled (perps) — a
 * spot sell-stop locks the coins, so it is cancelled first. Returns `ignored` when the position is
 * not (or no longer) open.
 */
export async function closeLivePosition(d: Deps, venue: VenuePort, c: CloseRequest, opts: LiveOptions = {}): Promise<RecordOutcome> {
  const pRef = positionRef(d.db, c.positionId);
  const posSnap = await pRef.get();
  const attempt = posSnap.exists ? (readField(CloseAttempt, posSnap, 'closeAttempt') ?? 0) : 0;
  const current = closeAttemptId(c.positionId, attempt);
  const existing = await orderRef(d.db, current).get();
  if (existing.exists && (!posSnap.exists || IN_FLIGHT.includes(readOrderStatus(existing)))) return recoverOrder(d, venue, current, opts);
  if (!posSnap.exists) {
    d.log(`exit for ${c.positionId} ignored: no such open position`);
    return { clientOrderId: current, status: 'ignored', events: [] };
  }
  const pos = readDoc(LivePositionDocSchema, posSnap) as LivePositionDoc;
  if (pos.venueId !== venue.id) throw new Error(`position ${c.positionId} is on ${pos.venueId}, not ${venue.id}`);
  // The previous attempt settled with the position still open (refused, or a part filled): the next one.
  const n = existing.exists ? attempt + 1 : attempt;
  const cid = closeAttemptId(c.positionId, n);
  await releaseSpotStop(d, venue, pos);
  const amount = await sellableAmount(venue, pos);
  const now = d.clock.now();
  const ref = orderRef(d.db, cid);
  const phase1 = await d.db.runTransaction(async (tx): Promise<LiveOrderDoc | 'exists' | 'gone' | 'raced'> => {
    const [o, ps] = await Promise.all([tx.get(ref), tx.get(pRef)]);
    if (o.exists) return 'exists';
    if (!ps.exists) return 'gone';
    if ((readField(CloseAttempt, ps, 'closeAttempt') ?? 0) !== attempt) return 'raced';
    const doc: LiveOrderDoc = {
      clientOrderId: cid,
      venueId: venue.id,
      exchange: pos.exchange,
      symbol: pos.symbol,
      intent: 'close',
      positionId: pos.positionId,
      status: 'submitting',
      // Reduce-only where the venue has it (derivatives): a close can never open the other way.
      request: { clientOrderId: cid, symbol: pos.symbol, side: pos.side === 'long' ? 'sell' : 'buy', type: 'market', amount: amount.toFixed(), reduceOnly: isLeveraged(pos.market.marketType) },
      leverage: null,
      submittingAt: now,
      placeAttempts: 1,
      envelope: { correlationId: c.correlationId, causationId: c.causationId, tsEvent: now },
      entry: null,
      exit: { reason: c.reason, detail: c.detail, values: c.values },
    };
    tx.create(ref, { ...doc, closeAttempt: n, recordedAmount: pos.amount, createdAt: now, events: [] });
    if (n !== attempt) tx.update(pRef, { closeAttempt: n, updatedAt: now });
    return doc;
  });
  if (phase1 === 'exists' || phase1 === 'raced') return recoverOrder(d, venue, phase1 === 'exists' ? cid : current, opts);
  if (phase1 === 'gone') {
    d.log(`exit for ${c.positionId} ignored: no such open position`);
    return { clientOrderId: cid, status: 'ignored', events: [] };
  }
  return placeAndRecord(d, venue, phase1, opts);
}

/**
 * What the close sells: the recorded amount, or less when the venue holds less — a spot wallet after
 * a base-asset fee, a perp after a partial stop fill — cut to the market's amount step (issue 11 #4).
 * When the venue shows nothing, the recorded amount is sent: the venue's refusal then leads to the
 * protective stop's fill, which closed it.
 */
async function sellableAmount(venue: VenuePort, pos: LivePositionDoc): Promise<Dec> {
  const recorded = dec(pos.amount);
  let held: Dec;
  try {
    if (isLeveraged(pos.market.marketType)) {
      const onVenue = (await venue.fetchPositions([pos.symbol])).find((p) => p.symbol === pos.symbol && p.side === pos.side);
      held = onVenue === undefined ? dec(0) : dec(onVenue.amount);
    } else {
      held = dec((await venue.fetchBalance(pos.market.base)).free);
    }
  } catch {
    held = recorded;
  }
  const amount = roundTo(held.lt(recorded) ? held : recorded, pos.market.amountPrecision, 'down');
  return amount.gt(0) ? amount : recorded;
}

/**
 * A spot sell-stop locks the coins it would sell, so the close could not sell them: cancel it first
 * (the close is a market order placed right after). Reduce-only stops stay until the close filled.
 *
 * A trail of the same position may be moving the stop meanwhile (another function instance, no lock
 * between them), so: the id of the record's next placement is cancelled too (the one a trail would be
 * placing now), and the `released` record is written only over the record these cancels were for. If
 * a trail saved a new stop in between, that one is cancelled as well and the write tried again. A
 * trail that places after this write finds the record released and withdraws its stop itself.
 */
async function releaseSpotStop(d: Deps, venue: VenuePort, pos: LivePositionDoc): Promise<void> {
  let r: ProtectiveStopRecord | null = storedStopRecord(pos);
  if (r === null || r.mode !== StopMode.SellStop) return;
  const tried = new Set<string>();
  const left: string[] = [];
  for (let round = 0; round < RELEASE_ROUNDS; round++) {
    const next = nextProtectiveStopId({ positionId: pos.positionId, protectiveStop: r });
    const ids = [...recordStopIds(r), ...(next === null ? [] : [next])].filter((id) => !tried.has(id));
    for (const id of ids) {
      tried.add(id);
      try {
        await venue.cancelOrder(pos.symbol, id);
      } catch (e) {
        if (id === next && isCcxtError(e, 'OrderNotFound')) continue; // nobody was placing it: the usual case
        d.log(`closing ${pos.positionId}: cancelling its spot stop ${id} failed: ${errorText(e)}`);
        // A stop that already sold the coins stays on the record: the close's refusal is then booked at its fill.
        if ((await venue.fetchOrderByClientId(pos.symbol, id).catch(() => null))?.status === 'closed') return;
        if (!isCcxtError(e, 'OrderNotFound')) left.push(id);
      }
    }
    const cancelled: ProtectiveStopRecord = r;
    r = await d.db.runTransaction(async (tx): Promise<ProtectiveStopRecord | null> => {
      const ref = positionRef(d.db, pos.positionId);
      const now = readDoc(LivePositionDocSchema, await tx.get(ref));
      if (now === null) return null;
      const current = storedStopRecord(now);
      if (current !== null && JSON.stringify(current) !== JSON.stringify(cancelled)) return current;
      tx.update(ref, { protectiveStop: { ...cancelled, status: ProtectionStatus.Released, clientOrderId: null, stopPrice: null, orphans: left, note: 'cancelled to close the position (a spot stop locks the coins)' }, updatedAt: d.clock.now() });
      return null;
    });
    if (r === null) return;
  }
  throw new RecoveryPendingError(`closing ${pos.positionId}: its spot stop record changed ${RELEASE_ROUNDS} times while the close released it; the next attempt releases it again`);
}

/** Rounds of cancel-then-write a spot release tries before handing the close back to a retry. */
const RELEASE_ROUNDS = 4;
