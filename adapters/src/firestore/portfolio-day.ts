import type { DocumentReference, Firestore, Transaction } from 'firebase-admin/firestore';
import { z } from 'zod';
import { type Dec, DecimalString, dec } from '@cascade/core';
import { readDoc } from './stored-doc.js';

/**
 * `portfolio/{YYYY-MM-DD}`: one UTC day's realised P&L, written by every paper and live close (and
 * read by the reports). Money as exact decimal strings; `trades` counts whole closes, `wins` those
 * that made money.
 */
export const PortfolioDaySchema = z.object({
  realizedPnl: DecimalString,
  fees: DecimalString,
  trades: z.number().int().nonnegative(),
  wins: z.number().int().nonnegative(),
});
export type PortfolioDay = z.infer<typeof PortfolioDaySchema>;

/** The UTC day of a time, as the document id: `2024-02-05`. */
export const dayOf = (ts: number): string => new Date(ts).toISOString().slice(0, 10);

export function portfolioDayRef(db: Firestore, day: string): DocumentReference {
  return db.collection('portfolio').doc(day);
}

export const portfolioRef = (db: Firestore, ts: number): DocumentReference => portfolioDayRef(db, dayOf(ts));

/** Reads must precede writes in a Firestore transaction: the day's document of `ts`, null before its first close. */
export async function readPortfolioDay(tx: Transaction, db: Firestore, ts: number): Promise<PortfolioDay | null> {
  return readDoc(PortfolioDaySchema, await tx.get(portfolioRef(db, ts)));
}

/**
 * Books a close's realised P&L on its day (inside the caller's transaction, after `readPortfolioDay`
 * gave `prev`). `whole`: a whole position closed, so it counts as a trade (and a win when `net` > 0);
 * a partial close adds its money only.
 */
export function bookPortfolioDay(tx: Transaction, db: Firestore, prev: PortfolioDay | null, c: { readonly closedAt: number; readonly net: Dec; readonly fees: Dec; readonly whole: boolean }, now: number): void {
  const p = prev ?? { realizedPnl: '0', fees: '0', trades: 0, wins: 0 };
  tx.set(portfolioRef(db, c.closedAt), {
    day: dayOf(c.closedAt),
    realizedPnl: dec(p.realizedPnl).plus(c.net).toFixed(),
    fees: dec(p.fees).plus(c.fees).toFixed(),
    trades: p.trades + (c.whole ? 1 : 0),
    wins: p.wins + (c.whole && c.net.gt(0) ? 1 : 0),
    updatedAt: now,
  });
}
