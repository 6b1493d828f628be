import Big from 'big.js';
import type { ClosedTradeRecord } from './backtest-result.js';

type PctInput = Pick<ClosedTradeRecord, 'id' | 'pnl' | 'entryPrice' | 'qty'>;

/**
 * A private big.js constructor: `div` rounds to its own DP with its own mode, so one division gives
 * the correctly rounded result (no 20-place intermediate, no double rounding) without touching the
 * global Big settings other code relies on.
 */
const Exact = Big();
Exact.RM = Big.roundHalfEven;

/**
 * A trade's result in percent of its entry notional, after fees: pnl / (entryPrice × qty) × 100,
 * as a double — for charts and tooltips. `formatTradePnlPct` is the exact one for files.
 */
export function tradePnlPct(t: PctInput): number {
  return (Number(t.pnl) * 100) / (Number(t.entryPrice) * Number(t.qty));
}

/**
 * pnl / (entryPrice × qty) × 100 from the exact decimals, rounded half-even to `decimals` places in
 * one correctly rounded division, printed with exactly that many decimals and no negative zero
 * ("-0.0000" → "0.0000"). A zero notional is a broken record, not a trade, and throws.
 */
export function formatTradePnlPct(t: PctInput, decimals: number): string {
  const notional = new Exact(t.entryPrice).times(t.qty);
  if (notional.eq(0)) throw new RangeError(`trade ${t.id}: zero entry notional`);
  Exact.DP = decimals;
  const s = new Exact(t.pnl).times(100).div(notional).toFixed(decimals);
  return s.startsWith('-') && /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
