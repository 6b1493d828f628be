import type { Summary } from '../backtest/summary.js';
import { dec } from '../execution/money.js';
import { count, fixed, grouped } from './number-format.js';
import { esc } from './svg-kit.js';
import { moneyText } from './money-display.js';

/** How a value is coloured on a page: profit, loss, or neutral. */
export type Tone = 'pos' | 'neg' | '';
export const tone = (x: number | null): Tone => (x === null || x === 0 ? '' : x > 0 ? 'pos' : 'neg');
/** The tone of an exact decimal amount (its sign, without a float round trip). */
export const moneyTone = (s: string | null): Tone => (s === null ? '' : tone(dec(s).cmp(0)));
export const dash = '—';
export const num = (x: number | null, dp: number, unit = ''): string => (x === null ? dash : `${grouped(fixed(x, dp))}${unit}`);
/** Money for display: in `currency`'s display decimals (money-display.ts); without one, exact to at most 8 decimals (an average can have 20). */
export const money = (s: string | null, currency?: string): string => (s === null ? dash : currency !== undefined ? moneyText(s, currency) : grouped(dec(s).round(8).toFixed()));
export const profitFactorText = (x: number | null, wins: number): string => (x === null ? (wins > 0 ? '∞ (no losses)' : dash) : num(x, 3));

/** The headline cards of a summary, as the backtest report and the period report both show them. */
export function summaryCards(s: Summary, currency: string): string {
  const cur = ` ${currency}`;
  const cards: [string, string, Tone][] = [
    ['Trades', count(s.trades), ''],
    ['Wins / losses', `${count(s.wins)} / ${count(s.losses)}${s.breakeven > 0 ? ` (+${count(s.breakeven)} flat)` : ''}`, ''],
    ['Win rate', num(s.winRate, 2, ' %'), ''],
    ['Net P&L (after fees)', money(s.netPnl, currency) + cur, moneyTone(s.netPnl)],
    ['Return on start equity', num(s.returnPct, 3, ' %'), tone(s.returnPct)],
    ['Fees paid', money(s.fees, currency) + cur, ''],
    ['Profit factor', profitFactorText(s.profitFactor, s.wins), ''],
    ['Expectancy / trade', s.expectancy === null ? dash : money(s.expectancy, currency) + cur, moneyTone(s.expectancy)],
    ['Sharpe (per trade)', num(s.sharpe, 3), tone(s.sharpe)],
    ['Sortino (per trade)', s.sortino === null && s.trades >= 2 && s.losses === 0 ? '∞ (no losing trade)' : num(s.sortino, 3), tone(s.sortino)],
    ['Sharpe (annualised)', num(s.sharpeAnnualised, 2), tone(s.sharpeAnnualised)],
    ['Max drawdown', num(s.maxDrawdownPct, 2, ' %'), s.maxDrawdownPct > 0 ? 'neg' : ''],
    ['VaR 95 % / trade', num(s.var95, 3, ' %'), ''],
    ['VaR 99 % / trade', num(s.var99, 3, ' %'), ''],
    ['Avg hold', s.avgHoldSec === null ? dash : `${num(s.avgHoldSec, 1)} s`, ''],
    ['Exposure', num(s.exposurePct, 2, ' %'), ''],
    ['Start → end equity', `${money(s.startingEquity, currency)} → ${money(s.endingEquity, currency)}${cur}`, ''],
  ];
  return `<div class="kpis">${cards.map(([k, v, t]) => `<div class="kpi"><div class="k">${esc(k)}</div><div class="v${t ? ` ${t}` : ''}">${esc(v)}</div></div>`).join('')}</div>`;
}
