import { SUMMARY_KEYS, type Summary } from '../backtest/summary.js';
import { fixed } from './number-format.js';

/** Decimal places of every non-count number in summary.json. */
export const SUMMARY_RATIO_DECIMALS = 6;

type Kind = 'count' | 'ratio' | 'money';
const KIND: Record<(typeof SUMMARY_KEYS)[number], Kind> = {
  trades: 'count', wins: 'count', losses: 'count', breakeven: 'count',
  winRate: 'ratio', profitFactor: 'ratio', sharpe: 'ratio', sortino: 'ratio', maxDrawdownPct: 'ratio',
  var95: 'ratio', var99: 'ratio', avgHoldSec: 'ratio', exposurePct: 'ratio', returnPct: 'ratio',
  sharpeAnnualised: 'ratio', sortinoAnnualised: 'ratio',
  netPnl: 'money', fees: 'money', expectancy: 'money', grossProfit: 'money', grossLoss: 'money',
  startingEquity: 'money', endingEquity: 'money',
};

function value(kind: Kind, v: unknown, key: string): string {
  if (v === null) return 'null';
  switch (kind) {
    case 'count':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new RangeError(`summary.${key}: ${String(v)} is not a count`);
      return String(v);
    case 'ratio':
      if (typeof v !== 'number') throw new RangeError(`summary.${key}: ${String(v)} is not a number`);
      return Number.isFinite(v) ? fixed(v, SUMMARY_RATIO_DECIMALS) : 'null';
    case 'money':
      if (typeof v !== 'string') throw new RangeError(`summary.${key}: ${String(v)} is not a decimal string`);
      return JSON.stringify(v);
  }
}

/**
 * summary.json text: keys in `SUMMARY_KEYS` order, two-space indent, LF, final LF. Counts are
 * integers; other numbers have exactly 6 decimals (`toFixed`, no negative zero); money is the exact
 * decimal string; undefined metrics are null. No timestamps, so the same summary gives the same bytes.
 */
export function summaryJson(summary: Summary): string {
  const lines = SUMMARY_KEYS.map((k) => `  ${JSON.stringify(k)}: ${value(KIND[k], summary[k], k)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
