import { z } from 'zod';
import { type ClosedTradeRecord } from '../../backtest/backtest-result.js';
import { DecimalString } from '../../messages/decimal-string.js';
import { RiskStrategy } from '../../risk/portfolio/risk-position.js';

/** Trades carry no module or strategy yet: they all come from the order-flow scalper (§2.7.1). */
export const DEFAULT_STRATEGY = RiskStrategy.OrderflowScalp;

/**
 * A `trade_history/{positionId}` document as `writeClose` (adapters/src/firestore/paper-ledger.ts)
 * writes it: the position.closed payload plus quote, signalId and order ids. `moduleId` and
 * `strategy` are read when a later writer adds them. Unknown fields pass through untouched.
 */
export const TradeHistoryDocSchema = z.looseObject({
  positionId: z.string().min(1),
  symbol: z.string().min(1),
  exchange: z.string().min(1),
  side: z.enum(['long', 'short']),
  entryPrice: DecimalString,
  exitPrice: DecimalString,
  amount: DecimalString,
  fees: DecimalString,
  pnl: DecimalString,
  pnlPct: z.number().optional(),
  reason: z.string(),
  openedAt: z.number().int(),
  closedAt: z.number().int(),
  quote: z.string().min(1),
  signalId: z.string().nullish(),
  moduleId: z.string().min(1).nullish(),
  strategy: z.string().min(1).nullish(),
});

/** One closed trade as the report sees it. Money stays exact decimal strings. */
export interface ReportTrade {
  readonly positionId: string;
  readonly symbol: string;
  /** The venue. */
  readonly exchange: string;
  readonly quote: string;
  readonly side: 'long' | 'short';
  readonly module: string;
  readonly strategy: string;
  readonly entryPrice: string;
  readonly exitPrice: string;
  readonly amount: string;
  readonly fees: string;
  /** Net of fees, quote currency. */
  readonly pnl: string;
  readonly reason: string;
  readonly openedAt: number;
  readonly closedAt: number;
  readonly signalId: string | null;
}

/** A trade document, or the reason it cannot be reported (the job logs it and goes on). */
export function parseTradeDoc(id: string, data: unknown): { ok: true; trade: ReportTrade } | { ok: false; error: string } {
  const r = TradeHistoryDocSchema.safeParse(data);
  if (!r.success) return { ok: false, error: `trade_history/${id}: ${r.error.issues.map((i) => `${i.path.join('.') || '(doc)'} ${i.message}`).join('; ')}` };
  const t = r.data;
  const strategy = t.strategy ?? DEFAULT_STRATEGY;
  return {
    ok: true,
    trade: {
      positionId: t.positionId,
      symbol: t.symbol,
      exchange: t.exchange,
      quote: t.quote,
      side: t.side,
      module: t.moduleId ?? strategy,
      strategy,
      entryPrice: t.entryPrice,
      exitPrice: t.exitPrice,
      amount: t.amount,
      fees: t.fees,
      pnl: t.pnl,
      reason: t.reason,
      openedAt: t.openedAt,
      closedAt: t.closedAt,
      signalId: t.signalId ?? null,
    },
  };
}

/** Exit order, then position id: the order every list in the report uses, so reruns give the same bytes. */
export function byExit(a: ReportTrade, b: ReportTrade): number {
  return a.closedAt - b.closedAt || (a.positionId < b.positionId ? -1 : a.positionId > b.positionId ? 1 : 0);
}

/** The backtest's record shape, so the shared metrics and charts apply. Trades carry no entry score. */
export function toClosedTradeRecord(t: ReportTrade): ClosedTradeRecord {
  return {
    id: t.positionId,
    symbol: t.symbol,
    side: t.side,
    entryTime: t.openedAt,
    entryPrice: t.entryPrice,
    exitTime: t.closedAt,
    exitPrice: t.exitPrice,
    qty: t.amount,
    pnl: t.pnl,
    fees: t.fees,
    exitReason: t.reason,
    score: 0,
  };
}
