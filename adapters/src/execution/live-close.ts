import { FieldValue, type Firestore, type Transaction } from 'firebase-admin/firestore';
import { type Dec, type PositionClosed, closedPnl, dec, derivedId, roundTo } from '@cascade/core';
import { type PortfolioDay, bookPortfolioDay, readPortfolioDay } from '../firestore/portfolio-day.js';
import { type LivePositionDoc, positionRef, slotHolder, slotRef } from './live-docs.js';

/** Envelope fields of the events a recording announces (a reconciliation has no causing message). */
export interface LiveEnvelopeBase {
  readonly tsEvent: number;
  readonly tsInit: number;
  readonly correlationId: string;
  readonly causationId: string | null;
}

export interface LiveClose {
  readonly position: LivePositionDoc;
  /** The venue's exit (average price, fee in quote) for `amount`; null when the venue's fills are not known. */
  readonly exit: { readonly price: Dec; readonly fee: Dec } | null;
  readonly amount: Dec;
  /**
   * Base left over that the venue cannot sell (below its amount step: the rest of a base-asset fee).
   * With it the close is whole: the dust stays in the wallet and is named in the trade history.
   */
  readonly dust?: Dec;
  readonly reason: string;
  readonly closedAt: number;
  /** Client order id of the order that closed it (ours, or our protective stop); null when closed outside. */
  readonly exitOrderId: string | null;
  /** Extra fields for the trade history record. */
  readonly extra?: Record<string, unknown>;
}

export interface LiveCloseResult {
  /** Set when the position closed whole with a known exit; null for a partial close or an unknown exit. */
  readonly closed: PositionClosed | null;
  readonly pnl: string | null;
}

/** Read before any write of the transaction: the close's day of the portfolio and the position's slot. */
export async function readCloseContext(tx: Transaction, db: Firestore, p: Pick<LivePositionDoc, 'venueId' | 'symbol'>, closedAt: number): Promise<{ portfolio: PortfolioDay | null; slotHolder: string | null }> {
  const [portfolio, slot] = await Promise.all([readPortfolioDay(tx, db, closedAt), tx.get(slotRef(db, p.venueId, p.symbol))]);
  return { portfolio, slotHolder: slotHolder(slot) };
}

/**
 * A live close inside the caller's transaction. Whole: trade history, the position and its slot
 * removed, the day's realised P&L. Partial: the closed part's P&L booked and the position shrunk
 * (its entry fee and margin pro rata). With no known exit the position still goes — the venue says
 * it is gone — but no P&L is invented: the history records the exit as unknown.
 */
export function writeLiveClose(tx: Transaction, db: Firestore, c: LiveClose, base: LiveEnvelopeBase, now: number, ctx: { portfolio: PortfolioDay | null; slotHolder: string | null }): LiveCloseResult {
  const p = c.position;
  const held = dec(p.amount);
  const dust = c.dust ?? dec(0);
  const whole = c.amount.plus(dust).gte(held);
  const amount = whole && dust.eq(0) ? held : c.amount;
  // Exact for the whole position; pro rata (12 places, far below any quote's precision) for a part.
  const entryFee = whole ? dec(p.entryFee) : roundTo(dec(p.entryFee).times(amount).div(held), 12, 'half');
  const pnl = c.exit === null ? null : closedPnl(p.side, dec(p.entryPrice), c.exit.price, amount, entryFee, c.exit.fee);
  if (pnl !== null) bookPortfolioDay(tx, db, ctx.portfolio, { closedAt: c.closedAt, net: pnl.net, fees: pnl.fees, whole }, now);
  if (!whole) {
    const left = held.minus(amount);
    const m = p.market;
    tx.update(positionRef(db, p.positionId), {
      amount: left.toFixed(),
      entryFee: dec(p.entryFee).minus(entryFee).toFixed(),
      margin: roundTo(dec(p.margin).times(left).div(held), m.pricePrecision + m.amountPrecision, 'up').toFixed(),
      partialCloses: FieldValue.arrayUnion({ amount: amount.toFixed(), exitPrice: c.exit?.price.toFixed() ?? null, pnl: pnl?.net.toFixed() ?? null, reason: c.reason, at: c.closedAt }),
      updatedAt: now,
    });
    return { closed: null, pnl: pnl?.net.toFixed() ?? null };
  }
  const closed: PositionClosed | null =
    pnl === null || c.exit === null
      ? null
      : {
          type: 'position.closed',
          eventId: derivedId('evt', c.exitOrderId ?? `reconciled:${p.positionId}`, 'closed'),
          ...base,
          payload: { positionId: p.positionId, symbol: p.symbol, exchange: p.exchange, side: p.side, entryPrice: p.entryPrice, exitPrice: c.exit.price.toFixed(), amount: amount.toFixed(), fees: pnl.fees.toFixed(), pnl: pnl.net.toFixed(), pnlPct: pnl.pct, reason: c.reason, openedAt: p.openedAt, closedAt: c.closedAt },
        };
  tx.create(db.collection('trade_history').doc(p.positionId), {
    positionId: p.positionId,
    symbol: p.symbol,
    exchange: p.exchange,
    venueId: p.venueId,
    side: p.side,
    entryPrice: p.entryPrice,
    exitPrice: c.exit?.price.toFixed() ?? null,
    amount: amount.toFixed(),
    fees: pnl?.fees.toFixed() ?? null,
    pnl: pnl?.net.toFixed() ?? null,
    pnlPct: pnl?.pct ?? null,
    reason: c.reason,
    openedAt: p.openedAt,
    closedAt: c.closedAt,
    quote: p.market.quote,
    signalId: p.signalId,
    entryOrderId: p.positionId,
    exitOrderId: c.exitOrderId,
    origin: p.origin,
    ...(dust.gt(0) ? { dust: dust.toFixed() } : {}),
    createdAt: now,
    ...c.extra,
  });
  tx.delete(positionRef(db, p.positionId));
  if (ctx.slotHolder === p.positionId) tx.delete(slotRef(db, p.venueId, p.symbol));
  return { closed, pnl: pnl?.net.toFixed() ?? null };
}
