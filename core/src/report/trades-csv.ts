import { type ClosedTradeRecord } from '../backtest/backtest-result.js';
import { formatTradePnlPct } from '../backtest/trade-pnl-pct.js';
import { csvField } from './csv.js';
import { DECIMAL, fixed } from './number-format.js';

export const TRADES_CSV_HEADER = 'id,symbol,side,entryTime,entryPrice,exitTime,exitPrice,qty,pnl,pnlPct,fees,funding,exitReason,score';

/** Decimal places of `pnlPct` (percent, rounded half-even from the exact quotient). */
export const PNL_PCT_DECIMALS = 4;
/** Decimal places of `score`. */
export const SCORE_DECIMALS = 2;

function decimal(t: ClosedTradeRecord, field: 'entryPrice' | 'exitPrice' | 'qty' | 'pnl' | 'fees' | 'funding'): string {
  const v = t[field] ?? '0';
  if (!DECIMAL.test(v)) throw new RangeError(`trade ${t.id}: ${field} ${JSON.stringify(v)} is not a decimal string`);
  return v;
}

function ms(t: ClosedTradeRecord, field: 'entryTime' | 'exitTime'): string {
  const v = t[field];
  if (!Number.isSafeInteger(v)) throw new RangeError(`trade ${t.id}: ${field} ${v} is not an integer of ms`);
  return String(v);
}

/**
 * One row of trades.csv, no line ending. Rules: text fields (id, symbol, exitReason) RFC 4180-escaped;
 * side `long`/`short`; times integer UTC ms; prices, qty, pnl and fees exactly as the record carries
 * them (must be plain decimal strings); funding (perpetuals: received while open, negative = paid,
 * already inside pnl) exactly, "0" when the trade had none; pnlPct = pnl / (entryPrice × qty) × 100 from the exact
 * decimals, correctly rounded half-even to 4 decimals; score with 2 decimals; no negative zero.
 */
export function tradeCsvRow(t: ClosedTradeRecord): string {
  if (t.side !== 'long' && t.side !== 'short') throw new RangeError(`trade ${t.id}: side ${String(t.side)}`);
  if (!Number.isFinite(t.score)) throw new RangeError(`trade ${t.id}: score ${t.score}`);
  return [
    csvField(t.id),
    csvField(t.symbol),
    t.side,
    ms(t, 'entryTime'),
    decimal(t, 'entryPrice'),
    ms(t, 'exitTime'),
    decimal(t, 'exitPrice'),
    decimal(t, 'qty'),
    decimal(t, 'pnl'),
    formatTradePnlPct(t, PNL_PCT_DECIMALS),
    decimal(t, 'fees'),
    decimal(t, 'funding'),
    csvField(t.exitReason),
    fixed(t.score, SCORE_DECIMALS),
  ].join(',');
}

/** The whole file as a string: header, one row per trade, LF line endings, final LF, UTF-8 without BOM. */
export function tradesCsv(trades: readonly ClosedTradeRecord[]): string {
  let s = TRADES_CSV_HEADER + '\n';
  for (const t of trades) s += tradeCsvRow(t) + '\n';
  return s;
}
