import type { CloudEvent } from 'firebase-functions/v2';
import { type MessagePublishedData, onMessagePublished } from 'firebase-functions/v2/pubsub';
import { z } from 'zod';
import { type ExitRequested, type StopTrailRequested, Topic, exitClientOrderId, paperExecuteExit, referenceOrTrigger } from '@cascade/core';
import { consume } from '../runtime/consume.js';
import { refuseIfStaleFence } from './exit-fence.js';
import { tradingFunctionOptions } from '../runtime/trigger-options.js';
import { type Deps, loadStrategyConfig, publishAll, readDoc, readStoredEvents, paperAccountRef, readPaperAccount, readPortfolioDay, writeClose } from '@cascade/adapters/firestore';
import { deps } from '../runtime/deps.js';
import { liveVenueForPosition, executeLiveExit, trailProtectiveStop } from '@cascade/adapters/execution';

/** The paper account a position belongs to: `exchange` and `market.quote` of `active_positions/{id}` (written by execute-signal). */
const PositionVenueSchema = z.object({ exchange: z.string(), market: z.object({ quote: z.string() }) });

/**
 * execute (exits): close a position on the paper venue at the exit's fill reference. The exit's client
 * order id derives from the position id, so however many exit requests arrive for a position, one
 * closing order exists. Order, trade history, the position's removal, the paper account and the day's
 * realized P&L change in one transaction.
 */
export async function executeExit(req: ExitRequested, d: Deps): Promise<void> {
  const p = req.payload;
  const cid = exitClientOrderId(p.positionId);
  const now = d.clock.now();
  const cfg = await loadStrategyConfig(d, now);
  const orderRef = d.db.collection('orders').doc(cid);
  const positionRef = d.db.collection('active_positions').doc(p.positionId);
  const ref = referenceOrTrigger(p.fillReference, p.trigger);
  const events = await d.db.runTransaction(async (tx) => {
    const [existing, posSnap] = await Promise.all([tx.get(orderRef), tx.get(positionRef)]);
    if (existing.exists) return readStoredEvents(existing);
    const position = readDoc(PositionVenueSchema, posSnap);
    if (!position) {
      d.log(`exit for ${p.positionId} ignored: no such open position`);
      return [];
    }
    const accountRef = paperAccountRef(d.db, position.exchange, position.market.quote);
    const account = await readPaperAccount(tx, accountRef, position.market.quote, cfg.paper.startingEquity);
    const portfolio = await readPortfolioDay(tx, d.db, ref.ts);
    const out = paperExecuteExit(account, p.positionId, ref, cfg, p.reason);
    if (!out) throw new Error(`position ${p.positionId} is open but not in ${accountRef.path}: the paper ledger is inconsistent`);
    const base = { tsEvent: ref.ts, tsInit: now, correlationId: req.correlationId, causationId: req.eventId };
    const evs = await writeClose(tx, d.db, out.close, base, now, { exitReason: p.reason, exitDetail: p.detail, exitValues: p.values, fillReference: ref }, portfolio);
    tx.set(accountRef, out.account);
    return evs;
  });
  await publishAll(d, events);
}

export const handleExit = (event: CloudEvent<MessagePublishedData>): Promise<void> => {
  const d = deps();
  return consume(Topic.ExitsRequested, event, d, async (m) => {
    // The monitor's trailing stop tightened: move the live position's exchange-held stop (issue 11 #1).
    if (m.type === 'stop.trail_requested') return trailStop(m, d);
    // A request from an analytics instance that lost its shard lease is refused (issue 11 #11).
    if (await refuseIfStaleFence(m, d)) return;
    // A position opened on a live venue is closed there; paper positions on the paper venue.
    const venue = await liveVenueForPosition(d, m.payload.positionId);
    if (venue) await executeLiveExit(m, d, venue);
    else await executeExit(m, d);
  });
};

/** A paper position has no exchange-held stop; a closed one has nothing left to move. */
async function trailStop(m: StopTrailRequested, d: Deps): Promise<void> {
  const p = m.payload;
  const venue = await liveVenueForPosition(d, p.positionId);
  if (venue === null) return;
  const r = await trailProtectiveStop(d, venue, p.positionId, p.trailLevel, p.lastPrice);
  if (r !== null) d.log(`stop of ${p.positionId}: ${r.status}${r.stopPrice === null ? '' : ` at ${r.stopPrice}`}${r.note === null ? '' : ` (${r.note})`}`);
}

/**
 * The Cloud Function, deployed as `executeExit` (index.ts re-exports it under that name; here the
 * name is the paper execution's).
 */
export const executeExitFunction = onMessagePublished({ ...tradingFunctionOptions, topic: Topic.ExitsRequested, retry: true }, handleExit);
