import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import { type Dec, type PositionOpened, type StrategyConfig, type VenueFill, type VenueOrder, type VenuePort, type VenuePosition, Topic, dec, derivedId, initialStopPrice, isCcxtError, isLeveraged, roundTo } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { requireDoc } from '../firestore/stored-doc.js';
import { publishAll, type StoredEvent } from '../firestore/stored-events.js';
import { exitFromFills } from './closing-fills.js';
import { readCloseContext, writeLiveClose } from './live-close.js';
import { type LiveOrderDoc, type LivePositionDoc, LivePositionDocSchema, positionRef, protectiveStopId, slotRef } from './live-docs.js';
import type { LiveOptions } from './live-options.js';
import type { RecordOutcome } from './record-entry.js';
import { ReconciliationKind, type ReconciliationResolved, reconciliationStored } from './reconciliation-event.js';

export interface ReconcileOptions extends LiveOptions {
  /**
   * The venue's own fills on a symbol since a time (ccxt `fetchMyTrades`), to price a position that
   * was closed on the venue. Without it (or when they do not cover the position) only a filled
   * protective stop prices the exit; otherwise the exit is recorded as unknown.
   */
  readonly fetchFills?: (symbol: string, since: number) => Promise<readonly VenueFill[]>;
}

export interface Resolution {
  readonly reconciliationId: string;
  readonly kind: ReconciliationKind;
  readonly symbol: string;
  readonly positionId: string | null;
  readonly action: string;
}

type Payload = ReconciliationResolved['payload'];
type State = NonNullable<Payload['local']>;

const stateOf = (p: { side: 'long' | 'short'; amount: string; entryPrice: string }): State => ({ side: p.side, amount: p.amount, entryPrice: p.entryPrice });

/**
 * One resolution, exactly once: inside a transaction that first checks `reconciliations/{id}` (the id
 * derives from the discrepancy), `apply` re-reads what it changes and writes; the record and its
 * events are stored with the change. Returns null when there was nothing (left) to change.
 */
async function resolveOnce(
  d: Deps,
  venue: VenuePort,
  now: number,
  id: string,
  apply: (tx: Transaction) => Promise<{ payload: Omit<Payload, 'reconciliationId' | 'venue'>; events: StoredEvent[] } | null>,
): Promise<Resolution | null> {
  const recRef: DocumentReference = d.db.collection('reconciliations').doc(id);
  const events = await d.db.runTransaction(async (tx) => {
    if ((await tx.get(recRef)).exists) return null;
    const r = await apply(tx);
    if (r === null) return null;
    const payload: Payload = { reconciliationId: id, venue: venue.id, ...r.payload };
    const ev: ReconciliationResolved = { type: 'reconciliation.resolved', eventId: derivedId('evt', id), tsEvent: now, tsInit: now, correlationId: id, causationId: null, payload };
    const all = [...r.events, reconciliationStored(ev)];
    tx.create(recRef, { ...payload, venueId: venue.id, createdAt: now, events: all });
    return { all, payload };
  });
  if (events === null) return null;
  await publishAll(d, events.all);
  return { reconciliationId: id, kind: events.payload.kind, symbol: events.payload.symbol, positionId: events.payload.positionId, action: events.payload.action };
}

const quoteFee = (o: VenueOrder, quote: string): Dec => (o.fee !== null && o.fee.currency === quote ? dec(o.fee.cost) : dec(0));

/**
 * §12.2 missing_on_exchange → "Remove from Firestore (position closed)": closed locally with reason
 * `reconciled_closed_on_venue`, priced from its filled protective stop or the venue's fills when
 * they cover it, else recorded with an unknown exit and no P&L.
 */
export async function resolveClosedOnVenue(d: Deps, venue: VenuePort, now: number, local: LivePositionDoc, opts: ReconcileOptions): Promise<Resolution | null> {
  const amount = dec(local.amount);
  const quote = local.market.quote;
  let exit: { price: Dec; fee: Dec; at: number; source: string; orderId: string | null } | null = null;
  const stopId = protectiveStopId(local);
  if (stopId !== null) {
    const so = await venue.fetchOrderByClientId(local.symbol, stopId);
    if (so !== null && so.average !== null && dec(so.filled).gte(amount)) exit = { price: dec(so.average), fee: quoteFee(so, quote), at: so.timestamp, source: `its protective stop ${stopId}`, orderId: stopId };
  }
  if (exit === null && opts.fetchFills) {
    const x = exitFromFills(local.side, amount, await opts.fetchFills(local.symbol, local.openedAt), quote, local.market.pricePrecision);
    if (x !== null) exit = { price: x.price, fee: x.fee, at: x.at, source: `${x.fills} venue fill${x.fills === 1 ? '' : 's'}`, orderId: null };
  }
  const id = derivedId('rec', venue.id, ReconciliationKind.ClosedOnVenue, local.positionId);
  const closedAt = exit?.at ?? now;
  return resolveOnce(d, venue, now, id, async (tx) => {
    const ps = await tx.get(positionRef(d.db, local.positionId));
    if (!ps.exists) return null;
    const pos = requireDoc(LivePositionDocSchema, ps);
    const ctx = await readCloseContext(tx, d.db, pos, closedAt);
    const base = { tsEvent: closedAt, tsInit: now, correlationId: id, causationId: null };
    const r = writeLiveClose(tx, d.db, { position: pos, exit: exit === null ? null : { price: exit.price, fee: exit.fee }, amount: dec(pos.amount), reason: 'reconciled_closed_on_venue', closedAt, exitOrderId: exit?.orderId ?? null, extra: { reconciliationId: id, exitSource: exit?.source ?? 'unknown: no venue fills cover it' } }, base, now, ctx);
    const action = exit === null ? `closed locally: ${venue.id} no longer holds it and its exit is unknown (no P&L booked)` : `closed locally at ${exit.price.toFixed()} from ${exit.source}; net P&L ${r.pnl ?? '?'} ${quote}`;
    return {
      payload: { kind: ReconciliationKind.ClosedOnVenue, symbol: pos.symbol, positionId: pos.positionId, clientOrderId: exit?.orderId ?? null, action, reason: 'reconciled_closed_on_venue', local: stateOf(pos), onVenue: null, pnl: r.pnl },
      events: r.closed ? [{ topic: Topic.TradingEvents, message: r.closed }] : [],
    };
  });
}

/**
 * §12.2 missing_in_firestore → "Import from exchange to Firestore": adopted as our position (reason
 * `reconciled_adopted`), managed from now on like one of ours — trailing stop and max hold from the
 * config, counted from the adoption — announced (`position.opened`, so the monitor trails it),
 * protected by an exchange-held stop, and mailed.
 */
export async function resolveAdopted(d: Deps, venue: VenuePort, now: number, v: VenuePosition, cfg: StrategyConfig, opts: ReconcileOptions): Promise<Resolution | null> {
  const market = await venue.market(v.symbol);
  const positionId = derivedId('cx', 'adopt', venue.id, v.symbol, v.side, v.amount, v.entryPrice, String(now));
  const id = derivedId('rec', venue.id, ReconciliationKind.Adopted, positionId);
  const entry = dec(v.entryPrice);
  const amount = dec(v.amount);
  const lev = isLeveraged(market.marketType) ? (v.leverage ?? 1) : 1;
  const stop = initialStopPrice(v.side, entry, cfg.exits.trailingStopPct, market.pricePrecision).toFixed();
  const position: LivePositionDoc = {
    positionId,
    signalId: null,
    venueId: venue.id,
    exchange: market.exchange,
    symbol: v.symbol,
    market,
    side: v.side,
    entryPrice: entry.toFixed(),
    amount: amount.toFixed(),
    // Paid before we knew of it: not ours to book.
    entryFee: '0',
    margin: roundTo(entry.times(amount).div(lev), market.pricePrecision + market.amountPrecision, 'up').toFixed(),
    openedAt: now,
    trailingStopPct: cfg.exits.trailingStopPct,
    initialStopPrice: stop,
    maxHoldMs: cfg.exits.maxHoldMs,
    protectiveStop: venue.capabilities.reduceOnlyStop ? 'pending' : `unsupported: ${venue.id} cannot hold a reduce-only stop; the client-side monitor is the only stop`,
    origin: 'reconciled_adopted',
  };
  const res = await resolveOnce(d, venue, now, id, async (tx) => {
    const sRef = slotRef(d.db, venue.id, v.symbol);
    const slot = await tx.get(sRef);
    // Someone holds the symbol (an entry just started): compare again on the next run.
    if (slot.exists) return null;
    tx.create(positionRef(d.db, positionId), { ...position, live: true, createdAt: now, reconciliationId: id });
    tx.set(sRef, { venueId: venue.id, symbol: v.symbol, holder: positionId, state: 'open', since: now });
    const opened: PositionOpened = {
      type: 'position.opened',
      eventId: derivedId('evt', positionId, 'opened'),
      tsEvent: now,
      tsInit: now,
      correlationId: id,
      causationId: null,
      payload: { positionId, symbol: v.symbol, exchange: market.exchange, side: v.side, entryPrice: position.entryPrice, amount: position.amount, openedAt: now, trailingStopPct: position.trailingStopPct, initialStopPrice: stop, maxHoldMs: position.maxHoldMs, ...(venue.capabilities.reduceOnlyStop && opts.protect ? { exchangeStop: true } : {}) },
    };
    return {
      payload: { kind: ReconciliationKind.Adopted, symbol: v.symbol, positionId, clientOrderId: null, action: `adopted a ${v.side} ${v.amount} @ ${v.entryPrice} we had no record of; trailing stop ${cfg.exits.trailingStopPct * 100} %, max hold ${cfg.exits.maxHoldMs} ms from now${opts.protect ? ', exchange-held stop requested' : ''}`, reason: 'reconciled_adopted', local: null, onVenue: stateOf(v), pnl: null },
      events: [{ topic: Topic.TradingEvents, message: opened }],
    };
  });
  if (res !== null && opts.protect) await opts.protect(position);
  return res;
}

/** §12.2 quantity_mismatch → "Update local quantity to match exchange" (margin pro rata; its stop resized). */
export async function resolveQuantity(d: Deps, venue: VenuePort, now: number, local: LivePositionDoc, v: VenuePosition, opts: ReconcileOptions): Promise<Resolution | null> {
  const id = derivedId('rec', venue.id, ReconciliationKind.QuantityMismatch, local.positionId, local.amount, v.amount);
  const box: { updated: LivePositionDoc | null } = { updated: null };
  const res = await resolveOnce(d, venue, now, id, async (tx) => {
    const ps = await tx.get(positionRef(d.db, local.positionId));
    if (!ps.exists) return null;
    const pos = requireDoc(LivePositionDocSchema, ps);
    if (pos.amount !== local.amount) return null;
    const before = dec(pos.amount);
    const after = dec(v.amount);
    const m = pos.market;
    const margin = roundTo(dec(pos.margin).times(after).div(before), m.pricePrecision + m.amountPrecision, 'up').toFixed();
    tx.update(ps.ref, { amount: after.toFixed(), margin, amountBefore: pos.amount, reconciledAt: now, reconciliationId: id });
    box.updated = { ...pos, amount: after.toFixed(), margin };
    return {
      payload: { kind: ReconciliationKind.QuantityMismatch, symbol: pos.symbol, positionId: pos.positionId, clientOrderId: null, action: `amount ${pos.amount} → ${after.toFixed()} (${venue.id}'s)`, reason: 'reconciled_quantity_mismatch', local: stateOf(pos), onVenue: stateOf(v), pnl: null },
      events: [],
    };
  });
  if (res !== null && box.updated !== null && opts.protect) await opts.protect(box.updated);
  return res;
}

/** An order left in flight that recovery has now settled: recorded as a reconciliation too. */
export async function resolveRecoveredOrder(d: Deps, venue: VenuePort, now: number, o: LiveOrderDoc, out: RecordOutcome): Promise<Resolution | null> {
  const id = derivedId('rec', venue.id, ReconciliationKind.OrderRecovered, o.clientOrderId);
  return resolveOnce(d, venue, now, id, async () => ({
    payload: { kind: ReconciliationKind.OrderRecovered, symbol: o.symbol, positionId: o.positionId, clientOrderId: o.clientOrderId, action: `${o.intent === 'open' ? 'entry' : 'close'} order left ${o.status} since ${new Date(o.submittingAt).toISOString()} recorded as ${out.status} from ${venue.id}`, reason: 'reconciled_order_recovered', local: null, onVenue: null, pnl: null },
    events: [],
  }));
}

/**
 * A protective stop of ours whose position is gone (`why`): cancelled before it can hit a later
 * position or sell coins. One the venue no longer has (it filled, or a trail replacing it cancelled it
 * between our two reads) is no failure: nothing is left to cancel, and nothing is recorded.
 */
export async function resolveStaleStop(d: Deps, venue: VenuePort, now: number, o: VenueOrder, why: string): Promise<Resolution | null> {
  const cid = o.clientOrderId;
  if (cid === null) return null;
  try {
    await venue.cancelOrder(o.symbol, cid);
  } catch (e) {
    if (isCcxtError(e, 'OrderNotFound')) return null;
    throw e;
  }
  // ccxt names a triggered order by what it becomes (a Binance STOP_LOSS reads `market`): a trigger price says stop.
  const what = o.stopPrice === null ? `${o.side} ${o.type} ${o.amount}` : `${o.side} stop ${o.amount} @ ${o.stopPrice}`;
  const id = derivedId('rec', venue.id, ReconciliationKind.StaleStopCanceled, cid);
  return resolveOnce(d, venue, now, id, async () => ({
    payload: { kind: ReconciliationKind.StaleStopCanceled, symbol: o.symbol, positionId: null, clientOrderId: cid, action: `cancelled ${o.reduceOnly ? 'reduce-only ' : ''}${what}: ${why}`, reason: 'reconciled_stale_stop', local: null, onVenue: null, pnl: null },
    events: [],
  }));
}
