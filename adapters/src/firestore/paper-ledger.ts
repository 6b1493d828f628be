import type { DocumentReference, Firestore, Transaction } from 'firebase-admin/firestore';
import { type OrderFilled, type PaperAccount, PaperAccountSchema, type PaperClose, type PaperPosition, type PositionClosed, Topic, applyFunding, dec, derivedId, fundingReceived, newPaperAccount } from '@cascade/core';
import { filledOrderDoc } from './order-doc.js';
import { type PortfolioDay, bookPortfolioDay } from './portfolio-day.js';
import { readDoc } from './stored-doc.js';
import type { StoredEvent } from './stored-events.js';

/** `paper_accounts/{exchange}:{quote}`: the paper venue's account, read and written in every paper transaction. */
export function paperAccountRef(db: Firestore, exchange: string, quote: string): DocumentReference {
  return db.collection('paper_accounts').doc(`${exchange}:${quote}`.replace(/\//g, '-'));
}

export async function readPaperAccount(tx: Transaction, ref: DocumentReference, quote: string, startingEquity: string): Promise<PaperAccount> {
  // The ledger is written only by these transactions; a document that fails its schema is a bug, not input.
  return readDoc(PaperAccountSchema, await tx.get(ref)) ?? newPaperAccount(quote, startingEquity);
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
export async function writeClose(tx: Transaction, db: Firestore, c: PaperClose, base: EnvelopeBase, now: number, extra: Record<string, unknown>, portfolio: PortfolioDay | null): Promise<StoredEvent[]> {
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
  // Perpetuals: the funding received while open is inside `pnl`; stored beside it so reports can split it out.
  tx.create(db.collection('trade_history').doc(p.positionId), { ...closed.payload, quote: p.market.quote, signalId: p.signalId, entryOrderId: p.positionId, exitOrderId: c.clientOrderId, ...(p.marketType === 'perp' ? { funding: c.funding, marketType: 'perp' } : {}), createdAt: now });
  tx.delete(db.collection('active_positions').doc(p.positionId));
  bookPortfolioDay(tx, db, portfolio, { closedAt: c.closedAt, net: dec(c.net), fees: dec(c.fees), whole: true }, now);
  return evs;
}

/** The rate and mark one funding time applies to a position (the caller knows where rates come from). */
export interface FundingQuote {
  readonly rate: string;
  readonly mark: string;
}

/**
 * One funding time on one paper account, in one transaction: every open perp position opened before
 * `fundingTime` and not yet funded for it receives (or pays) size × mark × rate on the wallet, and
 * its `active_positions` document records the running total. Applying the same funding time again —
 * a redelivered or doubled job run — changes nothing (`fundedUntil`). Returns the positions funded.
 */
export async function fundPaperAccount(db: Firestore, ref: DocumentReference, fundingTime: number, quoteOf: (p: PaperPosition) => FundingQuote | null): Promise<{ positionId: string; received: string }[]> {
  return db.runTransaction(async (tx) => {
    const acct = readDoc(PaperAccountSchema, await tx.get(ref));
    if (!acct) return [];
    let next = acct;
    const funded: { positionId: string; received: string }[] = [];
    for (const p of Object.values(acct.positions)) {
      if (p.marketType !== 'perp') continue;
      const q = quoteOf(p);
      if (!q) continue;
      const received = fundingReceived(p.side, dec(p.amount), dec(q.mark), q.rate);
      const after = applyFunding(next, p.positionId, fundingTime, received);
      if (after === next) continue;
      next = after;
      funded.push({ positionId: p.positionId, received: received.toFixed() });
      const fp = after.positions[p.positionId];
      tx.set(db.collection('active_positions').doc(p.positionId), { funding: fp?.funding ?? '0', fundedUntil: fundingTime }, { merge: true });
    }
    if (next !== acct) tx.set(ref, next);
    return funded;
  });
}
