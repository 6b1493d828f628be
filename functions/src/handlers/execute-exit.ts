import type { CloudEvent } from 'firebase-functions/v2';
import type { MessagePublishedData } from 'firebase-functions/v2/pubsub';
import {
  type ExitRequested,
  type MarketSpec,
  type OrderFilled,
  type PositionClosed,
  Topic,
  closedPnl,
  dec,
  derivedId,
  exitClientOrderId,
  paperExitFill,
  referenceOrTrigger,
} from '@cascade/core';
import { consume } from '../adapters/consume.js';
import { type Deps, deps } from '../adapters/deps.js';
import { loadStrategyConfig } from '../adapters/strategy-config.js';
import { publishAll, type StoredEvent } from '../adapters/stored-events.js';
import { filledOrderDoc } from '../adapters/order-doc.js';
import { positionSlotId } from '../adapters/position-slot.js';

interface PositionDoc {
  positionId: string;
  signalId: string;
  symbol: string;
  exchange: string;
  market: MarketSpec;
  side: 'long' | 'short';
  entryPrice: string;
  amount: string;
  entryFee: string;
  openedAt: number;
}

/**
 * execute (exits): close a position with a paper market order. The exit's client order id derives
 * from the position id, so however many exit requests arrive for a position, one closing order exists.
 * Order, trade history, the position's removal and the day's realized P&L change in one transaction.
 */
export async function executeExit(req: ExitRequested, d: Deps): Promise<void> {
  const p = req.payload;
  const cid = exitClientOrderId(p.positionId);
  const now = d.clock.now();
  const cfg = await loadStrategyConfig(d, now);
  const orderRef = d.db.collection('orders').doc(cid);
  const positionRef = d.db.collection('active_positions').doc(p.positionId);
  const day = new Date((p.fillReference ?? p.trigger).ts).toISOString().slice(0, 10);
  const portfolioRef = d.db.collection('portfolio').doc(day);
  const events = await d.db.runTransaction(async (tx) => {
    const [existing, posSnap, pf] = await Promise.all([tx.get(orderRef), tx.get(positionRef), tx.get(portfolioRef)]);
    if (existing.exists) return (existing.get('events') ?? []) as StoredEvent[];
    if (!posSnap.exists) {
      d.log(`exit for ${p.positionId} ignored: no such open position`);
      return [];
    }
    const pos = posSnap.data() as PositionDoc;
    const side = pos.side === 'long' ? 'sell' : 'buy';
    const ref = referenceOrTrigger(p.fillReference, p.trigger);
    const rf = paperExitFill(pos.market, cfg.paperVenue, side, pos.amount, ref);
    const f = { ...rf, amount: rf.qty };
    const pnl = closedPnl(pos.side, dec(pos.entryPrice), f.price, dec(pos.amount), dec(pos.entryFee), f.fee);
    const base = { tsEvent: (p.fillReference ?? p.trigger).ts, tsInit: now, correlationId: req.correlationId, causationId: req.eventId };
    const filled: OrderFilled = {
      type: 'order.filled',
      eventId: derivedId('evt', cid, 'filled'),
      ...base,
      payload: { clientOrderId: cid, positionId: p.positionId, symbol: pos.symbol, exchange: pos.exchange, intent: 'close', side, price: f.price.toFixed(), amount: f.amount.toFixed(), fee: f.fee.toFixed(), feeCurrency: pos.market.quote, venue: 'paper' },
    };
    const closed: PositionClosed = {
      type: 'position.closed',
      eventId: derivedId('evt', cid, 'closed'),
      ...base,
      payload: {
        positionId: p.positionId,
        symbol: pos.symbol,
        exchange: pos.exchange,
        side: pos.side,
        entryPrice: pos.entryPrice,
        exitPrice: f.price.toFixed(),
        amount: pos.amount,
        fees: pnl.fees.toFixed(),
        pnl: pnl.net.toFixed(),
        pnlPct: pnl.pct,
        reason: p.reason,
        openedAt: pos.openedAt,
        closedAt: (p.fillReference ?? p.trigger).ts,
      },
    };
    const evs: StoredEvent[] = [
      { topic: Topic.TradingEvents, message: filled },
      { topic: Topic.TradingEvents, message: closed },
    ];
    tx.create(orderRef, filledOrderDoc(filled, evs, now, { exitReason: p.reason, exitDetail: p.detail, exitValues: p.values, fillReference: ref, slippageBps: rf.slippageBps }));
    tx.create(d.db.collection('trade_history').doc(p.positionId), { ...closed.payload, quote: pos.market.quote, signalId: pos.signalId, exitDetail: p.detail, entryOrderId: p.positionId, exitOrderId: cid, createdAt: now });
    tx.delete(positionRef);
    tx.delete(d.db.collection('position_slots').doc(positionSlotId(pos.exchange, pos.symbol)));
    const prev = pf.exists ? (pf.data() as { realizedPnl: string; fees: string; trades: number; wins: number }) : { realizedPnl: '0', fees: '0', trades: 0, wins: 0 };
    tx.set(portfolioRef, {
      day,
      realizedPnl: dec(prev.realizedPnl).plus(pnl.net).toFixed(),
      fees: dec(prev.fees).plus(pnl.fees).toFixed(),
      trades: prev.trades + 1,
      wins: prev.wins + (pnl.net.gt(0) ? 1 : 0),
      updatedAt: now,
    });
    return evs;
  });
  await publishAll(d, events);
}

export const handleExit = (event: CloudEvent<MessagePublishedData>): Promise<void> => {
  const d = deps();
  return consume(Topic.ExitsRequested, event, d, (m) => executeExit(m, d));
};
