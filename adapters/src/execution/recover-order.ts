import { type SystemError, type VenueOrder, type VenuePort, Topic, dec, derivedId, isCcxtError } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { z } from 'zod';
import { readDoc, readField, requireDoc } from '../firestore/stored-doc.js';
import { publishAll, readStoredEvents } from '../firestore/stored-events.js';
import { type LiveOrderDoc, LiveOrderDocSchema, LivePositionDocSchema, orderRef, positionRef, protectiveStopId, readOrderStatus } from './live-docs.js';
import { DEFAULT_MAX_ENTRY_REPLACE_AGE_MS, DEFAULT_RECOVERY_WINDOW_MS, type LiveOptions } from './live-options.js';
import { type PlaceResult, placeOrder, settle } from './place-order.js';
import { type RecordOutcome, recordEntry } from './record-entry.js';
import { recordExit } from './record-exit.js';
import { entryFill } from './entry-fill.js';
import { alertIfUnprotected, placeInitialStop, storedStopRecord } from './protective-stops.js';
import type { ProtectiveStopRecord } from '../venues/ccxt/protective-stop.js';
import { RecoveryPendingError, errorText } from './venue-errors.js';

const pending = (cid: string): RecordOutcome => ({ clientOrderId: cid, status: 'pending', events: [] });

/** For a Pub/Sub handler an unsettled order is a retry: throwing makes Pub/Sub redeliver with backoff. */
export function settledOrThrow(out: RecordOutcome): RecordOutcome {
  if (out.status === 'pending') throw new RecoveryPendingError(`order ${out.clientOrderId} is not settled yet: retry`);
  return out;
}

/**
 * Settle an order whose document exists, by its client order id, and never by placing a second one:
 * - `submitting` (a crash or timeout between the two phases): the venue's order under that id is
 *   recorded if it has one; if not, and the last attempt is older than the safety window, it is
 *   placed again under the same id (an entry only while it is fresh, else recorded refused);
 *   inside the window the outcome is `pending`.
 * - `open`: the venue is asked again and a final state recorded.
 * - anything else: its stored events are announced again.
 */
export async function recoverOrder(d: Deps, venue: VenuePort, cid: string, opts: LiveOptions = {}): Promise<RecordOutcome> {
  const ref = orderRef(d.db, cid);
  const snap = await ref.get();
  if (!snap.exists) return { clientOrderId: cid, status: 'ignored', events: [] };
  const status = readOrderStatus(snap);
  if (status !== 'submitting' && status !== 'open') {
    const events = readStoredEvents(snap);
    await publishAll(d, events);
    return { clientOrderId: cid, status, events };
  }
  const doc = requireDoc(LiveOrderDocSchema, snap);
  if (doc.venueId !== venue.id) throw new Error(`orders/${cid} was placed on ${doc.venueId}, not ${venue.id}`);
  const found = await venue.fetchOrderByClientId(doc.symbol, cid);
  if (found !== null) return recordResult(d, venue, doc, { order: await settle(venue, found, opts) }, opts);
  if (doc.status === 'open') {
    // The venue acknowledged it once; an order that vanished is not one to place again.
    d.log(`orders/${cid} is open but ${venue.id} no longer shows it: left for the operator`);
    return pending(cid);
  }
  const now = d.clock.now();
  if (now - doc.submittingAt < (opts.recoveryWindowMs ?? DEFAULT_RECOVERY_WINDOW_MS)) return pending(cid);
  // Claim the decision: of two recoveries racing here, one acts and the other finds a fresh attempt.
  const claimed = await d.db.runTransaction(async (tx) => {
    const s = await tx.get(ref);
    if (s.get('status') !== 'submitting' || s.get('submittingAt') !== doc.submittingAt) return false;
    tx.update(ref, { submittingAt: now, placeAttempts: doc.placeAttempts + 1, updatedAt: now });
    return true;
  });
  if (!claimed) return pending(cid);
  const firstAt = readField(z.number().optional(), snap, 'createdAt') ?? doc.submittingAt;
  const maxAge = opts.maxEntryReplaceAgeMs ?? DEFAULT_MAX_ENTRY_REPLACE_AGE_MS;
  if (doc.intent === 'open' && now - firstAt > maxAge) {
    const refused = `never reached ${venue.id}; not placed again ${Math.round((now - firstAt) / 1000)} s after the first attempt (limit ${maxAge / 1000} s): the entry is stale`;
    return finish(d, venue, await recordEntry(d, venue, cid, { refused }), opts);
  }
  d.log(`orders/${cid}: ${venue.id} never received it; placing it again under the same client order id (attempt ${doc.placeAttempts + 1})`);
  if (doc.leverage !== null) await venue.setLeverage(doc.symbol, doc.leverage);
  return placeAndRecord(d, venue, { ...doc, submittingAt: now, placeAttempts: doc.placeAttempts + 1 }, opts);
}

/** Phase 2 and 3 for a `submitting` document this caller owns. */
export async function placeAndRecord(d: Deps, venue: VenuePort, doc: LiveOrderDoc, opts: LiveOptions): Promise<RecordOutcome> {
  let result: PlaceResult;
  try {
    result = await placeOrder(venue, doc, opts);
  } catch (e) {
    if (e instanceof RecoveryPendingError) {
      d.log(e.message);
      return pending(doc.clientOrderId);
    }
    throw e;
  }
  return recordResult(d, venue, doc, result, opts);
}

async function recordResult(d: Deps, venue: VenuePort, doc: LiveOrderDoc, result: PlaceResult, opts: LiveOptions): Promise<RecordOutcome> {
  if (doc.intent === 'open') return finish(d, venue, await recordEntry(d, venue, doc.clientOrderId, result, await protectEntry(d, venue, doc, result)), opts);
  const nothingFilled = 'refused' in result || (result.order.status !== 'open' && dec(result.order.filled).eq(0));
  const stop = nothingFilled ? await stopOrderOf(venue, d, doc.positionId) : null;
  return finish(d, venue, await recordExit(d, venue, doc.clientOrderId, result, stop), opts);
}

/**
 * The exchange-held stop of an entry that filled (issue 11 #1), placed before the fill is recorded
 * and announced: nobody learns of the position before the venue protects it. Null when nothing filled.
 */
async function protectEntry(d: Deps, venue: VenuePort, doc: LiveOrderDoc, result: PlaceResult): Promise<ProtectiveStopRecord | null> {
  if (!('order' in result) || result.order.status === 'open' || dec(result.order.filled).eq(0) || doc.entry === null) return null;
  const fill = entryFill(doc, result.order);
  const e = doc.entry;
  return placeInitialStop(d, venue, { positionId: doc.positionId, symbol: doc.symbol, side: e.side, amount: fill.held.toFixed(), market: e.market, initialStopPrice: fill.initialStopPrice, entryPrice: fill.price.toFixed() });
}

/** A close that filled nothing may have met a position its protective stop had already closed. */
async function stopOrderOf(venue: VenuePort, d: Deps, positionId: string): Promise<VenueOrder | null> {
  const pos = readDoc(LivePositionDocSchema, await positionRef(d.db, positionId).get());
  if (pos === null) return null;
  const id = protectiveStopId(pos);
  return id === null ? null : venue.fetchOrderByClientId(pos.symbol, id);
}

/** After a recording commits: announce it, cancel a closed position's resting stop, protect a new position. */
export async function finish(d: Deps, venue: VenuePort, out: RecordOutcome, opts: LiveOptions): Promise<RecordOutcome> {
  await publishAll(d, out.events);
  if (out.cancelStop) await cancelProtectiveStop(d, venue, out.clientOrderId, out.cancelStop);
  const stop = out.opened ? storedStopRecord(out.opened) : null;
  if (stop !== null) await alertIfUnprotected(d, venue, stop, out.clientOrderId);
  // Adoptions and resizes by reconciliation ask for their stop through `protect` (entries placed theirs above).
  if (out.opened && stop === null && opts.protect) {
    try {
      await opts.protect(out.opened);
    } catch (e) {
      await alert(d, 'protective_stop', derivedId('evt', 'protect-failed', out.opened.positionId), `position ${out.opened.positionId} on ${out.opened.symbol} (${venue.id}) is open without its exchange-held stop: ${errorText(e)}`);
    }
  }
  return out;
}

/**
 * The close filled: its resting reduce-only stop goes. Cancelled after the close rather than
 * before, so the position is never unprotected; a stop that fires in between finds nothing to
 * reduce. A failed cancel is recorded; reconciliation cancels stale stops it finds on the venue.
 * Its strays go too (`strayStopIds`): orphans, and the record's next placement id, which a trail may
 * be placing right now (one that places it later finds the position gone and withdraws it itself).
 */
async function cancelProtectiveStop(d: Deps, venue: VenuePort, exitCid: string, stop: NonNullable<RecordOutcome['cancelStop']>): Promise<void> {
  for (const id of stop.strays) {
    await venue.cancelOrder(stop.symbol, id).catch((e: unknown) => {
      if (!isCcxtError(e, 'OrderNotFound')) d.log(`stray stop ${id} of ${exitCid}: cancel failed: ${errorText(e)}; reconciliation will retry`);
    });
  }
  if (stop.clientOrderId === null) return;
  let outcome: string;
  try {
    await venue.cancelOrder(stop.symbol, stop.clientOrderId);
    outcome = 'canceled';
  } catch (e) {
    outcome = isCcxtError(e, 'OrderNotFound') ? 'already gone' : `failed: ${errorText(e)}`;
  }
  await orderRef(d.db, exitCid).update({ protectiveStopCancel: outcome });
  if (outcome.startsWith('failed')) d.log(`protective stop ${stop.clientOrderId} of ${exitCid}: cancel ${outcome}; reconciliation will retry`);
}

export async function alert(d: Deps, component: string, eventId: string, error: string): Promise<void> {
  const now = d.clock.now();
  const ev: SystemError = { type: 'system.error', eventId, tsEvent: now, tsInit: now, correlationId: eventId, causationId: null, payload: { component, error, critical: true } };
  d.log(`${component}: ${error}`);
  await d.bus.publish(Topic.TradingEvents, ev);
}
