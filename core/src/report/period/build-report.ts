import { type ClosedTradeRecord, type EquityPoint } from '../../backtest/backtest-result.js';
import { type Summary, summarizeTrades } from '../../backtest/summary.js';
import { ZERO, dec } from '../../execution/money.js';
import type { ReportPeriod } from './report-period.js';
import { type ReportTrade, byExit, toClosedTradeRecord } from './report-trade.js';

/** Trades listed as best and as worst at most. */
export const BEST_WORST = 5;

/** One row of a P&L breakdown (by strategy, module, venue or symbol), one quote currency. */
export interface GroupRow {
  readonly key: string;
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  /** Percent; null without trades. */
  readonly winRate: number | null;
  /** Exact, net of fees. */
  readonly netPnl: string;
  readonly grossProfit: string;
  readonly grossLoss: string;
  readonly fees: string;
  /** Null when there is no loss. */
  readonly profitFactor: number | null;
  /** netPnl / trades, exact. */
  readonly expectancy: string | null;
}

/** Everything about the period's trades in one quote currency: P&L of different currencies is never added up. */
export interface CurrencyReport {
  readonly quote: string;
  /** Realised equity in this currency when the period began. */
  readonly startingEquity: string;
  readonly summary: Summary;
  readonly byStrategy: readonly GroupRow[];
  readonly byModule: readonly GroupRow[];
  readonly byVenue: readonly GroupRow[];
  readonly bySymbol: readonly GroupRow[];
  /** Winners, largest first (at most `BEST_WORST`). */
  readonly best: readonly ReportTrade[];
  /** Losers, largest loss first (at most `BEST_WORST`). */
  readonly worst: readonly ReportTrade[];
  /** Period start, then one point per close. */
  readonly equityCurve: readonly EquityPoint[];
  /** The trades in exit order, in the backtest's record shape (charts). */
  readonly records: readonly ClosedTradeRecord[];
  /** Time with at least one of these trades open inside the period. */
  readonly exposureMs: number;
}

/** `portfolio/{YYYY-MM-DD}` summed over the period: the ledger the trades are checked against. */
export interface LedgerTotals {
  readonly days: readonly string[];
  readonly realizedPnl: string;
  readonly fees: string;
  readonly trades: number;
  readonly wins: number;
}

export interface LedgerCheck extends LedgerTotals {
  /** The ledger's P&L and trade count equal the trades' (all currencies: the ledger does not separate them). */
  readonly matches: boolean;
}

export interface PeriodReport {
  readonly period: ReportPeriod;
  /** Every trade closed in the period, exit order. */
  readonly trades: readonly ReportTrade[];
  /** One per quote currency present, alphabetical. */
  readonly currencies: readonly CurrencyReport[];
  readonly ledger: LedgerCheck | null;
  /** Trade documents that failed their schema and are left out (path: reason). */
  readonly skipped: readonly string[];
}

export interface BuildReportInput {
  readonly period: ReportPeriod;
  /** Trades from any time: those closed outside [start, end) are ignored. */
  readonly trades: readonly ReportTrade[];
  /** Realised equity per quote currency at the period's start (`startingEquityAt`). */
  readonly startingEquity: Readonly<Record<string, string>>;
  /** Used for a currency missing from `startingEquity`. */
  readonly defaultStartingEquity: string;
  readonly ledger?: LedgerTotals | null;
  readonly skipped?: readonly string[];
}

/**
 * The period report model: per quote currency, the headline metrics (`summarizeTrades`, design §8),
 * P&L by strategy, module, venue and symbol, best and worst trades and the realised equity path.
 * Pure and deterministic: the same trades give the same model, whatever order they came in.
 */
export function buildReport(input: BuildReportInput): PeriodReport {
  const { period } = input;
  const trades = input.trades.filter((t) => t.closedAt >= period.start && t.closedAt < period.end).sort(byExit);
  const quotes = [...new Set(trades.map((t) => t.quote))].sort();
  const currencies = quotes.map((quote) => currencyReport(period, quote, trades.filter((t) => t.quote === quote), input.startingEquity[quote] ?? input.defaultStartingEquity));
  return { period, trades, currencies, ledger: input.ledger ? checkLedger(input.ledger, trades) : null, skipped: input.skipped ?? [] };
}

function currencyReport(period: ReportPeriod, quote: string, trades: readonly ReportTrade[], startingEquity: string): CurrencyReport {
  const records = trades.map(toClosedTradeRecord);
  const equityCurve = realisedPath(period.start, startingEquity, trades);
  const exposureMs = exposure(trades, period.start, period.end);
  const summary = summarizeTrades({ startingEquity, trades: records, equityCurve, periodMs: period.end - period.start, exposureMs });
  const group = (keyOf: (t: ReportTrade) => string): GroupRow[] => groupRows(trades, keyOf, startingEquity);
  const pnlDesc = (a: ReportTrade, b: ReportTrade): number => dec(b.pnl).cmp(dec(a.pnl)) || byExit(a, b);
  return {
    quote,
    startingEquity: dec(startingEquity).toFixed(),
    summary,
    byStrategy: group((t) => t.strategy),
    byModule: group((t) => t.module),
    byVenue: group((t) => t.exchange),
    bySymbol: group((t) => t.symbol),
    best: trades.filter((t) => dec(t.pnl).gt(0)).sort(pnlDesc).slice(0, BEST_WORST),
    worst: trades.filter((t) => dec(t.pnl).lt(0)).sort((a, b) => dec(a.pnl).cmp(dec(b.pnl)) || byExit(a, b)).slice(0, BEST_WORST),
    equityCurve,
    records,
    exposureMs,
  };
}

/** Rows by net P&L, largest first; ties by key. */
export function groupRows(trades: readonly ReportTrade[], keyOf: (t: ReportTrade) => string, startingEquity: string): GroupRow[] {
  const groups = new Map<string, ReportTrade[]>();
  for (const t of trades) {
    const k = keyOf(t);
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  const rows = [...groups.entries()].map(([key, ts]): GroupRow => {
    const s = summarizeTrades({ startingEquity, trades: ts.map(toClosedTradeRecord) });
    return { key, trades: s.trades, wins: s.wins, losses: s.losses, winRate: s.winRate, netPnl: s.netPnl, grossProfit: s.grossProfit, grossLoss: s.grossLoss, fees: s.fees, profitFactor: s.profitFactor, expectancy: s.expectancy };
  });
  return rows.sort((a, b) => dec(b.netPnl).cmp(dec(a.netPnl)) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function realisedPath(start: number, startingEquity: string, trades: readonly ReportTrade[]): EquityPoint[] {
  let e = dec(startingEquity);
  const out: EquityPoint[] = [{ ts: start, equity: e.toFixed() }];
  for (const t of trades) {
    e = e.plus(t.pnl);
    out.push({ ts: t.closedAt, equity: e.toFixed() });
  }
  return out;
}

/** Length of the union of the trades' open intervals clipped to [from, to). `trades` in exit order. */
export function exposure(trades: readonly ReportTrade[], from: number, to: number): number {
  const spans = trades.map((t) => [Math.max(t.openedAt, from), Math.min(t.closedAt, to)] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [a, b] of spans) {
    if (a > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else if (b > curEnd) curEnd = b;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/**
 * Realised equity per quote currency at `start`, from the paper accounts as they are now: an
 * account's realised equity is startingEquity + realizedPnl, and every close since `start` moved it
 * by the trade's pnl (`paperExecuteExit`), so those are taken back out. Rerunning later gives the same
 * figure: later closes enter both sums.
 */
export function startingEquityAt(accounts: readonly { readonly currency: string; readonly startingEquity: string; readonly realizedPnl: string }[], closedSinceStart: readonly ReportTrade[]): Record<string, string> {
  const eq = new Map<string, ReturnType<typeof dec>>();
  for (const a of accounts) eq.set(a.currency, (eq.get(a.currency) ?? ZERO).plus(a.startingEquity).plus(a.realizedPnl));
  for (const t of closedSinceStart) if (eq.has(t.quote)) eq.set(t.quote, (eq.get(t.quote) ?? ZERO).minus(t.pnl));
  return Object.fromEntries([...eq.entries()].map(([q, v]) => [q, v.toFixed()]));
}

function checkLedger(l: LedgerTotals, trades: readonly ReportTrade[]): LedgerCheck {
  const pnl = trades.reduce((s, t) => s.plus(t.pnl), ZERO);
  return { ...l, matches: dec(l.realizedPnl).eq(pnl) && l.trades === trades.length };
}

/** Sum `portfolio/{day}` documents (missing days count as nothing). */
export function ledgerTotals(days: readonly string[], docs: readonly ({ realizedPnl: string; fees: string; trades: number; wins: number } | null)[]): LedgerTotals {
  let pnl = ZERO;
  let fees = ZERO;
  let trades = 0;
  let wins = 0;
  for (const d of docs) {
    if (!d) continue;
    pnl = pnl.plus(d.realizedPnl);
    fees = fees.plus(d.fees);
    trades += d.trades;
    wins += d.wins;
  }
  return { days, realizedPnl: pnl.toFixed(), fees: fees.toFixed(), trades, wins };
}
