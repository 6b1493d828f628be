import { type Dec, ZERO, dec } from '../execution/money.js';
import type { BacktestResult, ClosedTradeRecord, EquityPoint } from './backtest-result.js';
import { maxDrawdownPct } from './drawdown.js';
import { historicalVarPct } from './historical-var.js';
import { annualise, sharpeRatio, sortinoRatio } from './risk-ratios.js';
import { tradeReturns } from './trade-returns.js';

/**
 * Headline metrics of a list of closed trades (design §8). Money is exact (decimal strings, big.js
 * sums); ratios are doubles, unrounded here (writers round). Null means "undefined for this input"
 * (no trades, no losses, no dispersion), never zero. No field holds an absolute time, so shifting a
 * tape in time leaves the summary unchanged.
 *
 * The return series is per-trade returns on realised equity (`tradeReturns`):
 * r_i = pnl_i / (startingEquity + Σ_{j<i} pnl_j), trades in exit order.
 */
export interface Summary {
  trades: number;
  /** pnl > 0. */
  wins: number;
  /** pnl < 0. */
  losses: number;
  /** wins / trades × 100 (percent); null without trades. */
  winRate: number | null;
  /** Σ pnl (net of fees), exact. */
  netPnl: string;
  /** Σ fees, exact. */
  fees: string;
  /** grossProfit / grossLoss; null when grossLoss is 0 (∞ with winners, undefined without). */
  profitFactor: number | null;
  /** Per-trade Sharpe (`sharpeRatio`): mean r / sample sd of r, risk-free 0, not annualised. */
  sharpe: number | null;
  /** Per-trade Sortino (`sortinoRatio`): mean r / sqrt(Σ min(r,0)² / n), target 0, not annualised. */
  sortino: number | null;
  /** Peak-to-trough on the equity curve, percent of the peak (`maxDrawdownPct`). */
  maxDrawdownPct: number;
  /** Historical 95 % VaR of r, positive loss in percent of equity (`historicalVarPct`, type-7 quantile). */
  var95: number | null;
  /** Historical 99 % VaR of r, same convention. */
  var99: number | null;
  /** netPnl / trades, exact to 20 decimal places; null without trades. */
  expectancy: string | null;
  /** Mean of (exitTime − entryTime) / 1000; null without trades. */
  avgHoldSec: number | null;
  /** exposureMs / period length × 100; null when the period is unknown or empty. */
  exposurePct: number | null;
  /** pnl = 0: neither a win nor a loss. */
  breakeven: number;
  /** Σ pnl over winners, exact. */
  grossProfit: string;
  /** |Σ pnl over losers|, exact (≥ 0). */
  grossLoss: string;
  startingEquity: string;
  /** startingEquity + netPnl, exact. */
  endingEquity: string;
  /** netPnl / startingEquity × 100. */
  returnPct: number;
  /** sharpe × sqrt(trades per year) (`annualise`); for comparison with §8's "> 1.5" only. */
  sharpeAnnualised: number | null;
  /** sortino × sqrt(trades per year). */
  sortinoAnnualised: number | null;
}

/** Field order of `Summary` as written to summary.json: the list first, then the extras. */
export const SUMMARY_KEYS = [
  'trades', 'wins', 'losses', 'winRate', 'netPnl', 'fees', 'profitFactor', 'sharpe', 'sortino',
  'maxDrawdownPct', 'var95', 'var99', 'expectancy', 'avgHoldSec', 'exposurePct',
  'breakeven', 'grossProfit', 'grossLoss', 'startingEquity', 'endingEquity', 'returnPct',
  'sharpeAnnualised', 'sortinoAnnualised',
] as const satisfies readonly (keyof Summary)[];

export interface SummaryInput {
  startingEquity: string;
  /** Closed trades in exit order. */
  trades: readonly ClosedTradeRecord[];
  /** Marked equity for the drawdown; when absent, the realised path start + cumulative pnl is used. */
  equityCurve?: readonly EquityPoint[];
  /** Length of the period the trades come from (ms); enables exposurePct and the annualised ratios. */
  periodMs?: number;
  /** Time with a position open within the period (ms). */
  exposureMs?: number;
}

const str = (d: Dec): string => d.toFixed();

/**
 * Summarise any list of closed trades: a backtest, a day, a week. One pass over the trades plus a
 * sort of the returns for VaR.
 */
export function summarizeTrades(input: SummaryInput): Summary {
  const { trades, startingEquity } = input;
  const n = trades.length;
  let wins = 0;
  let losses = 0;
  let grossProfit = ZERO;
  let grossLoss = ZERO;
  let fees = ZERO;
  let holdMs = 0;
  for (const t of trades) {
    const pnl = dec(t.pnl);
    if (pnl.gt(0)) {
      wins++;
      grossProfit = grossProfit.plus(pnl);
    } else if (pnl.lt(0)) {
      losses++;
      grossLoss = grossLoss.minus(pnl);
    }
    fees = fees.plus(dec(t.fees));
    holdMs += t.exitTime - t.entryTime;
  }
  const net = grossProfit.minus(grossLoss);
  const start = dec(startingEquity);
  const end = start.plus(net);

  const returns = tradeReturns(trades, startingEquity);
  const sorted = returns === null ? null : Float64Array.from(returns).sort();
  const sharpe = returns === null ? null : sharpeRatio(returns);
  const sortino = returns === null ? null : sortinoRatio(returns);
  const periodMs = input.periodMs !== undefined && input.periodMs > 0 ? input.periodMs : null;

  return {
    trades: n,
    wins,
    losses,
    winRate: n === 0 ? null : (wins / n) * 100,
    netPnl: str(net),
    fees: str(fees),
    profitFactor: grossLoss.eq(0) ? null : grossProfit.div(grossLoss).toNumber(),
    sharpe,
    sortino,
    maxDrawdownPct: maxDrawdownPct(input.equityCurve ?? realisedCurve(trades, startingEquity)),
    var95: sorted === null ? null : historicalVarPct(sorted, 0.95),
    var99: sorted === null ? null : historicalVarPct(sorted, 0.99),
    expectancy: n === 0 ? null : str(net.div(n)),
    avgHoldSec: n === 0 ? null : holdMs / n / 1000,
    exposurePct: periodMs === null || input.exposureMs === undefined ? null : (input.exposureMs / periodMs) * 100,
    breakeven: n - wins - losses,
    grossProfit: str(grossProfit),
    grossLoss: str(grossLoss),
    startingEquity: str(start),
    endingEquity: str(end),
    returnPct: start.eq(0) ? 0 : net.div(start).times(100).toNumber(),
    sharpeAnnualised: annualise(sharpe, n, periodMs),
    sortinoAnnualised: annualise(sortino, n, periodMs),
  };
}

/** The summary of a backtest run: its trades, its marked equity curve, its tape period and exposure. */
export function computeSummary(result: BacktestResult): Summary {
  return summarizeTrades({
    startingEquity: result.startingEquity,
    trades: result.trades,
    ...(result.equityCurve.length > 0 ? { equityCurve: result.equityCurve } : {}),
    periodMs: result.period.to - result.period.from,
    exposureMs: result.exposureMs,
  });
}

function realisedCurve(trades: readonly ClosedTradeRecord[], startingEquity: string): EquityPoint[] {
  let e = dec(startingEquity);
  const out: EquityPoint[] = [{ ts: trades[0]?.entryTime ?? 0, equity: str(e) }];
  for (const t of trades) {
    e = e.plus(dec(t.pnl));
    out.push({ ts: t.exitTime, equity: str(e) });
  }
  return out;
}
