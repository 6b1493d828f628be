import type { Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';
import { PaperAccountSchema, type LedgerTotals, ledgerTotals, startingEquityAt, type ReportPeriod, type ReportTrade, parseTradeDoc } from '@cascade/core';
import { PortfolioDaySchema, dayOf, portfolioDayRef } from './portfolio-day.js';
import { readDoc, readField } from './stored-doc.js';

const DAY_MS = 86_400_000;

export interface ReportSource {
  /** Every trade closed at or after the period's start (later ones too: they correct the starting equity). */
  readonly trades: readonly ReportTrade[];
  readonly startingEquity: Record<string, string>;
  readonly ledger: LedgerTotals;
  /** Trade documents inside the period that fail their schema. */
  readonly skipped: readonly string[];
}

/**
 * What a period report is built from: `trade_history` closed since the period's start (one range
 * query on `closedAt`, served by the automatic single-field index), the paper accounts for the
 * starting equity, and the period's `portfolio/{YYYY-MM-DD}` ledger days.
 */
export async function loadReportSource(db: Firestore, p: ReportPeriod): Promise<ReportSource> {
  const days: string[] = [];
  for (let t = p.start; t < p.end; t += DAY_MS) days.push(dayOf(t));
  const [tradeSnap, accountSnap, daySnaps] = await Promise.all([
    db.collection('trade_history').where('closedAt', '>=', p.start).get(),
    db.collection('paper_accounts').get(),
    db.getAll(...days.map((d) => portfolioDayRef(db, d))),
  ]);
  const trades: ReportTrade[] = [];
  const skipped: string[] = [];
  for (const doc of tradeSnap.docs) {
    const r = parseTradeDoc(doc.id, doc.data());
    if (r.ok) trades.push(r.trade);
    // The range query returns only documents whose `closedAt` is a number.
    else if (readField(z.number(), doc, 'closedAt') < p.end) skipped.push(r.error);
  }
  const accounts = accountSnap.docs.flatMap((doc) => {
    const a = PaperAccountSchema.safeParse(doc.data());
    return a.success ? [a.data] : [];
  });
  const ledgerDocs = daySnaps.map((s) => readDoc(PortfolioDaySchema, s));
  return { trades, startingEquity: startingEquityAt(accounts, trades), ledger: ledgerTotals(days, ledgerDocs), skipped: skipped.sort() };
}
