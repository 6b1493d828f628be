import { z } from 'zod';
import { type MarketSpec, type VenuePort, dec, isCcxtError, isLeveraged } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { readDoc, readField } from '../firestore/stored-doc.js';
import { ProtectionStatus, type ProtectedPosition, ProtectiveStopManager, type ProtectiveStopRecord, StopMode, recordStopIds } from '../venues/ccxt/protective-stop.js';
import { IN_FLIGHT, type LivePositionDoc, LivePositionDocSchema, closeAttemptId, orderRef, positionRef, protectiveStopId, readOrderStatus } from './live-docs.js';
import { alert } from './recover-order.js';
import { errorText } from './venue-errors.js';

/**
 * The exchange-held protective stop of a live position (issue 11 #1), in production: placed at the
 * initial stop before the entry is recorded and announced, moved with the position's trailing stop,
 * re-placed by reconciliation when it vanished, cancelled on exit. The venue work and the move rules
 * (never looser, ≥ 5 ticks, ≤ 1 move per 5 s) are `ProtectiveStopManager` and core's
 * `planProtectiveStop`; this file reads and writes the record kept on `active_positions/{id}`.
 */

/** `active_positions/{id}.protectiveStop` once a manager has handled it (else a legacy string). */
export const ProtectiveStopRecordSchema = z.object({
  positionId: z.string(),
  symbol: z.string(),
  status: z.enum([ProtectionStatus.Resting, ProtectionStatus.Pending, ProtectionStatus.Unsupported, ProtectionStatus.Released]),
  mode: z.enum([StopMode.ReduceOnly, StopMode.SellStop, StopMode.None]),
  clientOrderId: z.string().nullable(),
  stopPrice: z.string().nullable(),
  placedAt: z.number().nullable(),
  placements: z.number().int().nonnegative(),
  orphans: z.array(z.string()),
  note: z.string().nullable(),
});

/** The stored record of a position, or null when none was written yet (or a legacy `pending` string). */
export function storedStopRecord(p: Pick<LivePositionDoc, 'protectiveStop'>): ProtectiveStopRecord | null {
  const r = ProtectiveStopRecordSchema.safeParse(p.protectiveStop);
  return r.success ? r.data : null;
}

/**
 * What kind of stop a venue account rests: reduce-only stop-market where the venue has one (perps);
 * a spot sell-stop where the venue profile says spot can hold one (Binance spot STOP_LOSS: it locks
 * the coins, and closes must cancel it first); else none — the client exit monitor alone protects.
 */
export function stopModeFor(venue: VenuePort, market: Pick<MarketSpec, 'marketType'>): StopMode {
  if (venue.capabilities.reduceOnlyStop) return StopMode.ReduceOnly;
  const support = (venue as { readonly stopSupport?: unknown }).stopSupport;
  return support === StopMode.SellStop && !isLeveraged(market.marketType) ? StopMode.SellStop : StopMode.None;
}

function managerFor(d: Deps, venue: VenuePort, market: Pick<MarketSpec, 'marketType'>, stored: ProtectiveStopRecord | null): ProtectiveStopManager {
  const m = new ProtectiveStopManager({ venue, clock: d.clock, mode: stored?.mode ?? stopModeFor(venue, market) });
  if (stored !== null) m.adopt(stored);
  return m;
}

/** As stored: prices as plain decimals (`59700`, not the tick-padded `59700.0`). */
const forStorage = (r: ProtectiveStopRecord): ProtectiveStopRecord => ({ ...r, stopPrice: r.stopPrice === null ? null : dec(r.stopPrice).toFixed() });

export interface NewPositionStop {
  readonly positionId: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  /** Base amount held (net of a fee taken in the base asset). */
  readonly amount: string;
  readonly market: MarketSpec;
  readonly initialStopPrice: string;
  readonly entryPrice: string;
}

/**
 * Places the stop of a position whose entry just filled, before anything records or announces the
 * fill. Its client id is derived from the position id and the placement number (0 here), so a
 * redelivery that places it again meets Binance's duplicate-id answer and finds the resting one. A
 * failure never undoes the fill: the record says `pending` with the reason, and the caller alerts.
 */
export async function placeInitialStop(d: Deps, venue: VenuePort, p: NewPositionStop): Promise<ProtectiveStopRecord> {
  const m = managerFor(d, venue, p.market, null);
  const pos: ProtectedPosition = { positionId: p.positionId, symbol: p.symbol, side: p.side, amount: p.amount };
  try {
    return forStorage(await m.update(pos, p.initialStopPrice, p.entryPrice));
  } catch (e) {
    // market() or a sweep failed before any placement: nothing rests; the record says why.
    return { positionId: p.positionId, symbol: p.symbol, status: ProtectionStatus.Pending, mode: stopModeFor(venue, p.market), clientOrderId: null, stopPrice: null, placedAt: null, placements: 0, orphans: [], note: `placing the initial stop failed: ${errorText(e)}` };
  }
}

/** A `pending` record is a position without its exchange-held stop: say so loudly. */
export async function alertIfUnprotected(d: Deps, venue: VenuePort, r: ProtectiveStopRecord, eventKey: string): Promise<void> {
  if (r.status !== ProtectionStatus.Pending) return;
  await alert(d, 'protective_stop', `evt-unprotected-${eventKey}`, `position ${r.positionId} on ${r.symbol} (${venue.id}) has no exchange-held stop: ${r.note ?? 'not placed'}. The client exit monitor still protects it; reconciliation retries.`);
}

/**
 * Moves (or first places) the stop of an open position toward `trailLevel`, as the plan allows, and
 * stores the record when it changed. Returns the record, or null when the position is not open.
 *
 * A trail and a close of one position run in separate function instances with no lock between
 * them, and a stop placed for a position that is gone would rest on the venue with nothing to
 * protect: a reduce-only one could later close a new position of the symbol at a stale level, a spot
 * one locks (and may sell) coins. So no trail starts while a close is in flight, the record is
 * written only while the position is open and its stop not released for a close, and when either
 * changed while the venue work ran, what this call placed is cancelled again (`withdrawTrail`). The
 * close cancels the id of the record's next placement beside the recorded one, for a trail that is
 * placing it at that moment. A process dying between a placement and its write after the close
 * leaves that stop to reconciliation, which cancels every stop of ours no open position holds.
 */
export async function trailProtectiveStop(d: Deps, venue: VenuePort, positionId: string, trailLevel: string | number, lastPrice: string | number): Promise<ProtectiveStopRecord | null> {
  const ref = positionRef(d.db, positionId);
  const snap = await ref.get();
  const pos = readDoc(LivePositionDocSchema, snap);
  if (pos === null) return null;
  const stored = storedStopRecord(pos);
  if (stored?.status === ProtectionStatus.Released) return stored;
  if (await closeInFlight(d, positionId, readField(CloseAttempt, snap, 'closeAttempt') ?? 0)) {
    d.log(`stop of ${positionId}: not moved, a close of the position is in flight`);
    return stored;
  }
  const m = managerFor(d, venue, pos.market, stored);
  const r = forStorage(await m.update({ positionId, symbol: pos.symbol, side: pos.side, amount: pos.amount }, trailLevel, lastPrice));
  if (stored !== null && JSON.stringify(stored) === JSON.stringify(r)) return r;
  if (await saveTrailedRecord(d, stored, r)) return r;
  await withdrawTrail(d, venue, pos.symbol, venue.id, r);
  return null;
}

const CloseAttempt = z.number().int().nonnegative().optional();

async function closeInFlight(d: Deps, positionId: string, attempt: number): Promise<boolean> {
  const order = await orderRef(d.db, closeAttemptId(positionId, attempt)).get();
  return order.exists && IN_FLIGHT.includes(readOrderStatus(order));
}

/**
 * Writes a trail's record if the position is still open and its stop not released for a close;
 * false otherwise (nothing written). A record another writer changed meanwhile (a second trail,
 * reconciliation) is replaced by this one, the newest level, with that writer's stops kept as
 * orphans for the next sweep, so no stop rests unrecorded.
 */
async function saveTrailedRecord(d: Deps, before: ProtectiveStopRecord | null, r: ProtectiveStopRecord): Promise<boolean> {
  const ref = positionRef(d.db, r.positionId);
  return d.db.runTransaction(async (tx) => {
    const pos = readDoc(LivePositionDocSchema, await tx.get(ref));
    if (pos === null) return false;
    const current = storedStopRecord(pos);
    if (current?.status === ProtectionStatus.Released) return false;
    const known = new Set([...stopIds(before), ...stopIds(r)]);
    const theirs = current === null ? [] : stopIds(current).filter((id) => !known.has(id));
    tx.update(ref, { protectiveStop: theirs.length === 0 ? r : { ...r, orphans: [...r.orphans, ...theirs] }, updatedAt: d.clock.now() });
    return true;
  });
}

const stopIds = (r: ProtectiveStopRecord | null): string[] => (r === null ? [] : recordStopIds(r));

/** The position closed (or its stop was released for a close) while this trail worked: cancel what it holds. */
async function withdrawTrail(d: Deps, venue: VenuePort, symbol: string, venueId: string, r: ProtectiveStopRecord): Promise<void> {
  const ids = stopIds(r);
  const failed: string[] = [];
  for (const id of ids) {
    try {
      await venue.cancelOrder(symbol, id);
    } catch (e) {
      if (!isCcxtError(e, 'OrderNotFound')) failed.push(`${id} (${errorText(e)})`);
    }
  }
  d.log(`stop of ${r.positionId}: the position was closed while its stop moved; withdrew ${ids.join(', ') || 'nothing'}`);
  if (failed.length > 0) {
    await alert(d, 'protective_stop', `evt-stop-withdraw-${r.positionId}-${r.placements}`, `position ${r.positionId} on ${symbol} (${venueId}) was closed while its stop moved, and cancelling ${failed.join(', ')} failed: cancel it on the venue (reconciliation cancels stops of ours that no open position holds)`);
  }
}

/** Writes the record on the position if it is still open (a close may have removed it meanwhile). */
export async function saveStopRecord(d: Deps, r: ProtectiveStopRecord): Promise<void> {
  const ref = positionRef(d.db, r.positionId);
  await d.db.runTransaction(async (tx) => {
    const s = await tx.get(ref);
    if (s.exists) tx.update(ref, { protectiveStop: r, updatedAt: d.clock.now() });
  });
}

/**
 * Reconciliation: a position whose stop should rest but the venue does not show open (cancelled by
 * hand, expired, never placed) gets a new one at the recorded level — or at the initial stop when
 * none was placed — and an alert. Returns the new record, or null when nothing was missing.
 *
 * A spot sell-stop `released` for a close (it locks the coins the close sells) while the position is
 * still open means that close did not complete (refused, partly filled, dead-lettered): reconciliation
 * only runs this for symbols with no order in flight, so the stop is put back at the initial stop and
 * the monitor's trail tightens it again; the next close attempt releases it as before.
 */
export async function replaceMissingStop(d: Deps, venue: VenuePort, pos: LivePositionDoc, openIds: ReadonlySet<string>): Promise<ProtectiveStopRecord | null> {
  const stored = storedStopRecord(pos);
  // A stop recorded by hand or by an older writer (only its client id): resting if the venue shows it.
  const legacyId = stored === null ? protectiveStopId(pos) : null;
  if (legacyId !== null && openIds.has(legacyId)) return null;
  const mode = stored?.mode ?? stopModeFor(venue, pos.market);
  if (mode === StopMode.None || stored?.status === ProtectionStatus.Unsupported) return null;
  const released = stored?.status === ProtectionStatus.Released;
  if (stored?.status === ProtectionStatus.Resting && stored.clientOrderId !== null && openIds.has(stored.clientOrderId)) return null;
  const level = stored?.stopPrice ?? pos.initialStopPrice;
  if (level === null) return null;
  const gone = stored?.clientOrderId ?? null;
  // Start from a record without the vanished stop; its placement count keeps the next id fresh.
  const base: ProtectiveStopRecord | null = stored === null ? null : { ...stored, status: ProtectionStatus.Pending, clientOrderId: null, stopPrice: null, placedAt: null };
  const m = managerFor(d, venue, pos.market, base);
  const last = await currentPrice(venue, pos.symbol, pos.entryPrice);
  const r = forStorage(await m.update({ positionId: pos.positionId, symbol: pos.symbol, side: pos.side, amount: pos.amount }, level, last));
  await saveStopRecord(d, r);
  const what = released ? 'is still open after a close that released its spot stop' : gone === null ? 'had no exchange-held stop' : `had lost its exchange-held stop ${gone}`;
  const now = r.status === ProtectionStatus.Resting ? `re-placed at ${r.stopPrice} as ${r.clientOrderId}` : `could not be re-placed: ${r.note ?? 'the plan held'}`;
  await alert(d, 'protective_stop', `evt-stop-replaced-${pos.positionId}-${r.placements}`, `position ${pos.positionId} on ${pos.symbol} (${venue.id}) ${what}: ${now}`);
  return r;
}

/** The venue's last price, for "would the stop trigger at once"; the entry price when it cannot say. */
async function currentPrice(venue: VenuePort, symbol: string, fallback: string): Promise<string> {
  try {
    return await venue.fetchLastPrice(symbol);
  } catch {
    return fallback;
  }
}
