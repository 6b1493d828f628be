import { SUMMARY_KEYS, type Summary } from '../backtest/summary.js';
import type { FunnelLevel, WarmUpStat } from '../backtest/backtest-result.js';
import { funnelSummary } from './funnel-summary.js';
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

/** What a backtest adds after the metrics: the level funnel with its stop reasons and the regime's warm-up. */
export interface SummaryExtras {
  readonly funnel?: readonly FunnelLevel[];
  readonly warmUp?: WarmUpStat;
}

/**
 * summary.json text: keys in `SUMMARY_KEYS` order, two-space indent, LF, final LF. Counts are
 * integers; other numbers have exactly 6 decimals (`toFixed`, no negative zero); money is the exact
 * decimal string; undefined metrics are null. Then `funnel` and `warmUp` when given (counts, score
 * bucket edges and durations only). No timestamps, so the same summary gives the same bytes.
 */
export function summaryJson(summary: Summary, extras: SummaryExtras = {}): string {
  const lines = SUMMARY_KEYS.map((k) => `  ${JSON.stringify(k)}: ${value(KIND[k], summary[k], k)}`);
  if (extras.funnel) lines.push(`  "funnel": ${block(funnelSummary(extras.funnel), 1)}`);
  if (extras.warmUp) lines.push(`  "warmUp": ${block(extras.warmUp, 1)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * Nested JSON with two-space indent, except that an object or array holding only scalars stays on
 * one line (a reasons map, a score bucket): the funnel reads at a glance instead of over 200 lines.
 */
function block(v: unknown, depth: number): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const entries: [string | null, unknown][] = Array.isArray(v) ? v.map((x) => [null, x]) : Object.entries(v);
  const flat = entries.every(([, x]) => x === null || typeof x !== 'object');
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return `${open}${close}`;
  const item = ([k, x]: [string | null, unknown]): string => `${k === null ? '' : `${JSON.stringify(k)}: `}${block(x, depth + 1)}`;
  if (flat) return `${open}${entries.map(item).join(', ')}${close}`;
  const pad = '  '.repeat(depth + 1);
  return `${open}\n${entries.map((e) => pad + item(e)).join(',\n')}\n${'  '.repeat(depth)}${close}`;
}
