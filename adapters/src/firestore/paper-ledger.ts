import type { DocumentReference, Firestore, Transaction } from 'firebase-admin/firestore';
import { type OrderFilled, type PaperAccount, PaperAccountSchema, type PaperClose, type PositionClosed, Topic, dec, derivedId, newPaperAccount } from '@cascade/core';
import type { StoredEvent } from './stored-events.js';
import { filledOrderDoc } from './order-doc.js';

/** `paper_accounts/{exchange}:{quote}`: the paper venue's account, read and written in every paper transaction. */
export function paperAccountRef(db: Firestore, exchange: string, quote: string): DocumentReference {
  return db.collection('paper_accounts').doc(`${exchange}:${quote}`.replace(/\//g, '-'));
}

export async function readPaperAccount(tx: Transaction, ref: DocumentReference, quote: string, startingEquity: string): Promise<PaperAccount> {
  const snap = await tx.get(ref);
  if (!snap.exists) return newPaperAccount(quote, startingEquity);
  const parsed = PaperAccountSchema.safeParse(snap.data());
  // The ledger is written only by these transactions; a document that fails its schema is a bug, not input.
  if (!parsed.success) throw new Error(`${ref.path} does not match PaperAccountSchema: ${parsed.error.message}`);
  return parsed.data;
}

export interface EnvelopeBase {
  readonly tsEvent: number;
  readonly tsInit: number;
  readonly correlationId: string;
  readonly causationId: string;
}

/**
 * A paper close's effects inside the caller's transaction: the closing order, trade history, the
 * position's removal, the day's realized P&L. Returns the events to announce (stored on the order).
 */
export async function writeClose(tx: Transaction, db: Firestore, c: PaperClose, base: EnvelopeBase, now: number, extra: Record<string, unknown>, portfolio: { realizedPnl: string; fees: string; trades: number; wins: number } | null): Promise<StoredEvent[]> {
  const p = c.position;
  const side = p.side === 'long' ? 'sell' : 'buy';
  const filled: OrderFilled = {
    type: 'order.filled',
    eventId: derivedId('evt', c.clientOrderId, 'filled'),
    ...base,
    payload: { clientOrderId: c.clientOrderId, positionId: p.positionId, symbol: p.symbol, exchange: p.exchange, intent: 'close', side, price: c.fill.price.toFixed(), amount: c.fill.qty.toFixed(), fee: c.fill.fee.toFixed(), feeCurrency: p.market.quote, venue: 'paper' },
  };
  const closed: PositionClosed = {
    type: 'position.closed',
    eventId: derivedId('evt', c.clientOrderId, 'closed'),
    ...base,
    payload: { positionId: p.positionId, symbol: p.symbol, exchange: p.exchange, side: p.side, entryPrice: p.entryPrice, exitPrice: c.fill.price.toFixed(), amount: p.amount, fees: c.fees, pnl: c.net, pnlPct: c.pnlPct, reason: c.reason, openedAt: p.openedAt, closedAt: c.closedAt },
  };
  const evs: StoredEvent[] = [
    { topic: Topic.TradingEvents, message: filled },
    { topic: Topic.TradingEvents, message: closed },
  ];
  tx.create(db.collection('orders').doc(c.clientOrderId), filledOrderDoc(filled, evs, now, { slippageBps: c.fill.slippageBps, ...extra }));
  tx.create(db.collection('trade_history').doc(p.positionId), { ...closed.payload, quote: p.market.quote, signalId: p.signalId, entryOrderId: p.positionId, exitOrderId: c.clientOrderId, createdAt: now });
  tx.delete(db.collection('active_positions').doc(p.positionId));
  const day = new Date(c.closedAt).toISOString().slice(0, 10);
  const prev = portfolio ?? { realizedPnl: '0', fees: '0', trades: 0, wins: 0 };
  tx.set(db.collection('portfolio').doc(day), {
    day,
    realizedPnl: dec(prev.realizedPnl).plus(c.net).toFixed(),
    fees: dec(prev.fees).plus(c.fees).toFixed(),
    trades: prev.trades + 1,
    wins: prev.wins + (dec(c.net).gt(0) ? 1 : 0),
    updatedAt: now,
  });
  return evs;
}

/** Reads must precede writes in a Firestore transaction: fetch the day's portfolio document first. */
export async function readPortfolioDay(tx: Transaction, db: Firestore, ts: number): Promise<{ realizedPnl: string; fees: string; trades: number; wins: number } | null> {
  const snap = await tx.get(db.collection('portfolio').doc(new Date(ts).toISOString().slice(0, 10)));
  return snap.exists ? (snap.data() as { realizedPnl: string; fees: string; trades: number; wins: number }) : null;
}
