import { dec } from '../execution/money.js';
import type { ClosedTradeRecord } from './backtest-result.js';

/**
 * Per-trade returns on equity, the series Sharpe, Sortino and VaR are computed on:
 * r_i = pnl_i / E_{i−1}, where E_0 is the starting equity and E_i = E_{i−1} + pnl_i (realised equity,
 * kept exact), trades taken in exit order. The quotient itself is a double (analytics). Returns null
 * when the account was ruined (some E_{i−1} ≤ 0): a return on a non-positive balance has no meaning,
 * so neither do ratios built on it.
 */
export function tradeReturns(trades: readonly ClosedTradeRecord[], startingEquity: string): Float64Array | null {
  const out = new Float64Array(trades.length);
  let equity = dec(startingEquity);
  for (let i = 0; i < trades.length; i++) {
    if (equity.lte(0)) return null;
    const pnl = (trades[i] as ClosedTradeRecord).pnl;
    out[i] = Number(pnl) / equity.toNumber();
    equity = equity.plus(pnl);
  }
  return out;
}
