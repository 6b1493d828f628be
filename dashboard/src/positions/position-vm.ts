import { dec } from '@cascade/core';
import type { PositionDoc } from '../data/read-models.js';
import { type BookKey, positionBook } from '../data/book.js';

export interface PositionRow {
  readonly id: string;
  readonly book: BookKey;
  readonly symbol: string;
  readonly exchange: string;
  readonly side: 'long' | 'short';
  readonly amount: string;
  readonly entry: string;
  /** Last traded price the exit monitor saw; null until analytics has written one. */
  readonly mark: number | null;
  readonly unrealizedPnl: string | null;
  /** The monitor's trailing stop level (the client-side stop). */
  readonly trailStop: number | null;
  /** The stop the venue holds (live), or why there is none. */
  readonly exchangeStop: string;
  readonly liquidation: string | null;
  readonly ageMs: number;
  /** How old the mark is (wall ms); null without a mark. */
  readonly markAgeMs: number | null;
}

/**
 * Unrealized P&L in quote currency, exact: long (mark − entry) × amount, short (entry − mark) × amount.
 * Fees are not in it (the entry fee is booked at the close, as the paper ledger does).
 */
export function unrealizedPnl(side: 'long' | 'short', entry: string, mark: number, amount: string): string {
  const m = dec(String(mark));
  const diff = side === 'long' ? m.minus(entry) : dec(entry).minus(m);
  return diff.times(amount).toFixed();
}

function exchangeStopText(s: PositionDoc['protectiveStop']): string {
  if (s === undefined) return '—';
  if (typeof s === 'string') return s;
  return s.stopPrice ? `${s.status} at ${s.stopPrice}` : s.status;
}

export function positionRow(p: PositionDoc, now: number): PositionRow {
  const mark = p.mark?.price ?? null;
  return {
    id: p.positionId,
    book: positionBook(p),
    symbol: p.symbol,
    exchange: p.exchange,
    side: p.side,
    amount: p.amount,
    entry: p.entryPrice,
    mark,
    unrealizedPnl: mark === null ? null : unrealizedPnl(p.side, p.entryPrice, mark, p.amount),
    trailStop: p.mark?.trailStop ?? (p.initialStopPrice ? Number(p.initialStopPrice) : null),
    exchangeStop: exchangeStopText(p.protectiveStop),
    liquidation: p.liquidationPrice ?? null,
    ageMs: Math.max(0, now - p.openedAt),
    markAgeMs: p.mark ? Math.max(0, now - p.mark.at) : null,
  };
}
