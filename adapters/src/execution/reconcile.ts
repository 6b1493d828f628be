import { type VenueOrder, type VenuePort, derivedId, isLeveraged } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { requireDoc } from '../firestore/stored-doc.js';
import { loadStrategyConfig } from '../firestore/strategy-config.js';
import { findDiscrepancies } from './discrepancies.js';
import { IN_FLIGHT, type LiveOrderDoc, type LivePositionDoc, PositionSlotSchema, orderRef, positionRef, protectiveStopId, readOrderStatus, slotHolder, strayStopIds } from './live-docs.js';
import { DEFAULT_RECOVERY_WINDOW_MS } from './live-options.js';
import { inFlightOrders, localPositions } from './live-queries.js';
import { type ReconcileOptions, type Resolution, resolveAdopted, resolveClosedOnVenue, resolveQuantity, resolveRecoveredOrder, resolveStaleStop } from './reconcile-resolutions.js';
import { replaceMissingStop } from './protective-stops.js';
import { spotHoldings } from './spot-holdings.js';
import { isProtectiveStopId } from '../venues/ccxt/protective-stop.js';
import { alert, recoverOrder } from './recover-order.js';
import { errorText } from './venue-errors.js';

export interface ReconcileReport {
  readonly venue: string;
  readonly at: number;
  /** What changed, one entry per `reconciliations/{id}` written by this run. */
  readonly resolved: readonly Resolution[];
  /** Symbols not compared this run: an order of ours is in flight there. */
  readonly skipped: readonly string[];
  /** Open venue orders that are not ours (no `cx-` client id): left alone, listed for the operator. */
  readonly foreignOrders: readonly string[];
  readonly failures: readonly string[];
}

/** Every client order id we derive starts so: `derivedId('cx', …)` entries and exits, `derivedId('cs', …)` the protective stops' manager. */
const OUR_PREFIXES = ['cx-', 'cs-'] as const;

/**
 * §12.2 reconciliation of one venue, at start and every few minutes: the venue is the source of
 * truth. In order:
 * 1. orders left in flight — `submitting` past the safety window, or `open` — are recovered by
 *    client order id (placed again only if the venue never got them, never twice);
 * 2. positions compared by symbol and side (symbols with an order still in flight are skipped):
 *    closed on the venue → closed here; unknown here → adopted; amounts differ → the venue's;
 * 3. protective stops of ours that no open position holds are cancelled (`staleStopReason`), and
 *    missing stops of open positions re-placed;
 * 4. slots no position or order holds any more are released.
 * Each change is a `reconciliations/{derived id}` record with a `reconciliation.resolved` event; a
 * second run over the same state finds nothing to do. Failures are alerted as `system.error`
 * (component `reconciliation`) and reported, never thrown half-way: one bad item does not stop the rest.
 */
export async function reconcile(d: Deps, venue: VenuePort, now: number, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const resolved: Resolution[] = [];
  const failures: string[] = [];
  const foreignOrders: string[] = [];
  let skipped: string[] = [];
  const attempt = async (what: string, fn: () => Promise<Resolution | null>): Promise<void> => {
    try {
      const r = await fn();
      if (r !== null) resolved.push(r);
    } catch (e) {
      failures.push(`${what}: ${errorText(e)}`);
    }
  };
  const window = opts.recoveryWindowMs ?? DEFAULT_RECOVERY_WINDOW_MS;
  // Recovery inside reconciliation records what the venue says now; it does not wait for fills.
  const recoverOpts = { ...opts, settle: { attempts: 0, intervalMs: 0 } };

  try {
    for (const o of await inFlightOrders(d.db, venue.id)) {
      if (o.status === 'submitting' && now - o.submittingAt < window) continue;
      await attempt(`order ${o.clientOrderId}`, async () => {
        const out = await recoverOrder(d, venue, o.clientOrderId, recoverOpts);
        return out.status === 'pending' || out.status === 'open' ? null : resolveRecoveredOrder(d, venue, now, o, out);
      });
    }

    const cfg = await loadStrategyConfig(d, now);
    const [local, busy] = await Promise.all([accountPositions(d, venue), busySymbols(d, venue.id)]);
    // Spot holds balances, not positions: what the venue holds of each spot position is its wallet.
    const onVenue = venue.accountKind === 'spot' ? await spotHoldings(venue, local) : await venue.fetchPositions();
    const found = findDiscrepancies(local, onVenue, busy);
    skipped = found.skipped;
    for (const x of found.discrepancies) {
      const what = `${x.kind} ${x.symbol}`;
      if (x.kind === 'closed_on_venue') await attempt(what, () => resolveClosedOnVenue(d, venue, now, x.local, opts));
      else if (x.kind === 'quantity_mismatch') await attempt(what, () => resolveQuantity(d, venue, now, x.local, x.onVenue, opts));
      else await attempt(what, () => resolveAdopted(d, venue, now, x.onVenue, cfg, opts));
    }

    const [after, open, busyNow] = await Promise.all([accountPositions(d, venue), venue.fetchOpenOrders(), busySymbols(d, venue.id)]);
    const held = heldStopIds(after);
    for (const o of open) {
      const cid = o.clientOrderId;
      if (cid === null || !OUR_PREFIXES.some((p) => cid.startsWith(p))) {
        foreignOrders.push(`${o.symbol} ${o.side} ${o.type} ${o.amount} (${o.id})`);
        continue;
      }
      const why = staleStopReason(o, after, busyNow, held);
      if (why !== null) await attempt(`stale stop ${cid}`, () => resolveStaleStop(d, venue, now, o, why));
    }
    // Every open position keeps its exchange-held stop (issue 11 #1): one that vanished is re-placed, and alerted.
    const resting = new Set(open.map((o) => o.clientOrderId).filter((id): id is string => id !== null));
    for (const p of after) {
      if (busyNow.has(p.symbol)) continue;
      try {
        await replaceMissingStop(d, venue, p, resting);
      } catch (e) {
        failures.push(`protective stop of ${p.positionId}: ${errorText(e)}`);
      }
    }
    await releaseOrphanSlots(d, venue.id);
  } catch (e) {
    failures.push(`${venue.id}: ${errorText(e)}`);
  }

  if (failures.length > 0) {
    await alert(d, 'reconciliation', derivedId('evt', 'reconciliation-failed', venue.id, String(now)), `reconciliation of ${venue.id} at ${new Date(now).toISOString()}: ${failures.join('; ')}`).catch((e: unknown) => d.log(`reconciliation alert not published: ${errorText(e)}`));
  }
  const report: ReconcileReport = { venue: venue.id, at: now, resolved, skipped, foreignOrders, failures };
  d.log(`reconciliation ${venue.id}: ${resolved.length} resolved (${resolved.map((r) => `${r.kind} ${r.symbol}`).join(', ') || 'none'}); skipped ${skipped.join(', ') || 'none'}; ${foreignOrders.length} foreign open order(s); ${failures.length} failure(s)`);
  return report;
}

/**
 * This port's positions: one venue id can name two accounts (Binance spot and perps), and a perp
 * position is not "closed on the venue" because the spot account does not hold it.
 */
async function accountPositions(d: Deps, venue: VenuePort): Promise<LivePositionDoc[]> {
  const all = await localPositions(d.db, venue.id);
  const kind = venue.accountKind;
  return kind === undefined ? all : all.filter((p) => (isLeveraged(p.market.marketType) ? 'perp' : 'spot') === kind);
}

async function busySymbols(d: Deps, venueId: string): Promise<Set<string>> {
  return new Set((await inFlightOrders(d.db, venueId)).map((o: LiveOrderDoc) => o.symbol));
}

/**
 * Every stop id an open position may have resting: its recorded stop, its orphans (the manager sweeps
 * them) and its next placement's id (a trail may be placing it now).
 */
function heldStopIds(positions: readonly LivePositionDoc[]): Set<string> {
  const ids = new Set<string>();
  for (const p of positions) {
    const id = protectiveStopId(p);
    if (id !== null) ids.add(id);
    for (const s of strayStopIds(p)) ids.add(s);
  }
  return ids;
}

/**
 * Why an open order of ours is a protective stop whose position is gone (null: it is not), on a symbol
 * with nothing in flight:
 * - one of the manager's stops (`isProtectiveStopId`) that no open position holds (`heldStopIds`): a spot sell-stop
 *   is not reduce-only, so it would sell coins we no longer hold for a position, and a stop left by a
 *   closed position (a trail that died between placing it and withdrawing it) would close the
 *   symbol's next position at a stale level;
 * - any other reduce-only order of ours on a symbol where we hold no position.
 * The stops of open positions, and a trail's placement in flight, are never touched.
 */
function staleStopReason(o: VenueOrder, positions: readonly LivePositionDoc[], busy: ReadonlySet<string>, held: ReadonlySet<string>): string | null {
  if (busy.has(o.symbol)) return null;
  const cid = o.clientOrderId;
  const holds = positions.some((p) => p.symbol === o.symbol);
  if (cid !== null && isProtectiveStopId(cid)) {
    if (held.has(cid)) return null;
    return holds ? `no open position of ours on ${o.symbol} holds it` : `no position of ours on ${o.symbol}`;
  }
  return o.reduceOnly && !holds ? `no position of ours on ${o.symbol}` : null;
}

/**
 * A slot whose holder is neither an open position nor an order in flight would block the symbol
 * for ever (a crash between two writes that should not be possible, or a manual edit): released,
 * checked again inside the transaction so an entry that has just claimed it keeps it.
 */
async function releaseOrphanSlots(d: Deps, venueId: string): Promise<void> {
  const slots = await d.db.collection('position_slots').where('venueId', '==', venueId).get();
  for (const s of slots.docs) {
    const { holder } = requireDoc(PositionSlotSchema, s);
    const released = await d.db.runTransaction(async (tx) => {
      const [slot, pos, order] = await Promise.all([tx.get(s.ref), tx.get(positionRef(d.db, holder)), tx.get(orderRef(d.db, holder))]);
      if (slotHolder(slot) !== holder || pos.exists) return false;
      if (order.exists && IN_FLIGHT.includes(readOrderStatus(order))) return false;
      tx.delete(s.ref);
      return true;
    });
    if (released) d.log(`position slot ${s.id} released: ${holder} is neither an open position nor an order in flight`);
  }
}

