import { SUMMARY_KEYS, type Summary } from '../../backtest/summary.js';
import { formatTradePnlPct } from '../../backtest/trade-pnl-pct.js';
import { csvField } from '../csv.js';
import { fixed } from '../number-format.js';
import { PNL_PCT_DECIMALS } from '../trades-csv.js';
import { SUMMARY_RATIO_DECIMALS } from '../summary-json.js';
import type { GroupRow, PeriodReport } from './build-report.js';
import { type ReportTrade, toClosedTradeRecord } from './report-trade.js';

export const REPORT_CSV_HEADER = 'positionId,openedAt,closedAt,module,strategy,exchange,symbol,side,quote,entryPrice,exitPrice,amount,fees,pnl,pnlPct,reason,signalId';
/** Decimal places of `pnlPct` in the CSV (percent of entry notional, rounded half-even from the exact quotient). */

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Every trade of the period, exit order: one row each, RFC 4180 text fields, ISO 8601 UTC times,
 * money exactly as recorded, LF line endings and a final LF. Same trades → same bytes.
 */
export function reportCsv(r: PeriodReport): string {
  let s = REPORT_CSV_HEADER + '\n';
  for (const t of r.trades) {
    s += [
      csvField(t.positionId), iso(t.openedAt), iso(t.closedAt), csvField(t.module), csvField(t.strategy), csvField(t.exchange), csvField(t.symbol), t.side, csvField(t.quote),
      t.entryPrice, t.exitPrice, t.amount, t.fees, t.pnl, formatTradePnlPct(toClosedTradeRecord(t), PNL_PCT_DECIMALS), csvField(t.reason), csvField(t.signalId ?? ''),
    ].join(',') + '\n';
  }
  return s;
}

/** Ratios with 6 decimals (as the backtest's summary.json), no negative zero; undefined → null. */
const ratio = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Number(fixed(x, SUMMARY_RATIO_DECIMALS)));

function summaryObject(s: Summary): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const k of SUMMARY_KEYS) {
    const v = s[k];
    out[k] = typeof v === 'number' ? ratio(v) : v;
  }
  return out;
}

const groupObject = (g: GroupRow): Record<string, string | number | null> => ({
  key: g.key, trades: g.trades, wins: g.wins, losses: g.losses, winRate: ratio(g.winRate), netPnl: g.netPnl,
  grossProfit: g.grossProfit, grossLoss: g.grossLoss, fees: g.fees, profitFactor: ratio(g.profitFactor), expectancy: g.expectancy,
});

const tradeObject = (t: ReportTrade): Record<string, string> => ({
  positionId: t.positionId, closedAt: iso(t.closedAt), module: t.module, exchange: t.exchange, symbol: t.symbol, side: t.side, pnl: t.pnl, fees: t.fees, reason: t.reason,
});

/**
 * The summary file: headline metrics (`SUMMARY_KEYS` order), P&L by strategy, module, venue and
 * symbol, best and worst trades, per quote currency, and the ledger check. Two-space indent, final
 * LF, no wall-clock time: same report → same bytes.
 */
export function reportJson(r: PeriodReport): string {
  const doc = {
    report: r.period.id,
    kind: r.period.kind,
    period: r.period.periodId,
    start: iso(r.period.start),
    end: iso(r.period.end),
    trades: r.trades.length,
    currencies: r.currencies.map((c) => ({
      quote: c.quote,
      summary: summaryObject(c.summary),
      byStrategy: c.byStrategy.map(groupObject),
      byModule: c.byModule.map(groupObject),
      byVenue: c.byVenue.map(groupObject),
      bySymbol: c.bySymbol.map(groupObject),
      best: c.best.map(tradeObject),
      worst: c.worst.map(tradeObject),
    })),
    ledger: r.ledger,
    skipped: r.skipped,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The headline numbers the `reports/{id}` document and the email carry, per currency. */
export function headline(r: PeriodReport): Record<string, string | number | null>[] {
  return r.currencies.map((c) => {
    const s = c.summary;
    return {
      quote: c.quote, trades: s.trades, wins: s.wins, losses: s.losses, winRate: ratio(s.winRate), netPnl: s.netPnl, fees: s.fees,
      profitFactor: ratio(s.profitFactor), sharpe: ratio(s.sharpe), sortino: ratio(s.sortino), var95: ratio(s.var95), var99: ratio(s.var99),
      maxDrawdownPct: ratio(s.maxDrawdownPct), returnPct: ratio(s.returnPct), startingEquity: s.startingEquity, endingEquity: s.endingEquity,
    };
  });
}
