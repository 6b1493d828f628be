import { describe, expect, it } from 'vitest';
import { moneyDecimals, moneyText } from './money-display.js';
import { summaryCards } from './summary-cards.js';
import { summarizeTrades } from '../backtest/summary.js';

describe('money on a page: the quote currency’s display decimals', () => {
  it('USDT in cents, half-up: the issue’s card values', () => {
    // The issue saw "-1.2865130 1 USDT" and "10 000 → 9 998.713486 99 USDT" (8 decimals, wrapped in a narrow card).
    expect(moneyText('-1.28651301', 'USDT')).toBe('-1.29');
    expect(moneyText('10000', 'USDT')).toBe('10\u2009000.00');
    expect(moneyText('9998.71348699', 'USDT')).toBe('9\u2009998.71');
    expect(moneyText('0.005', 'USDT')).toBe('0.01'); // half-up, not banker's
    expect(moneyText('-0.004', 'USDT')).toBe('0.00'); // no "-0.00"
  });

  it('no minor units for the yen; crypto quotes keep up to 8 decimals', () => {
    expect(moneyDecimals('JPY')).toBe(0);
    expect(moneyText('1234.5', 'JPY')).toBe('1\u2009235');
    expect(moneyDecimals('ETH')).toBeNull();
    expect(moneyText('0.000123456789', 'ETH')).toBe('0.00012346');
    expect(moneyText('-1.5', 'BTC')).toBe('-1.5');
  });

  it('the summary cards use them', () => {
    const s = summarizeTrades({ startingEquity: '10000', trades: [{ id: 'a', symbol: 'ETH/USDT', side: 'long', entryTime: 0, entryPrice: '1600', exitTime: 60_000, exitPrice: '1601', qty: '0.1', pnl: '-1.28651301', fees: '0.32', exitReason: 'max_hold', score: 3 }] });
    const html = summaryCards(s, 'USDT');
    expect(html).toContain('<div class="v neg">-1.29 USDT</div>');
    expect(html).toContain('10\u2009000.00 → 9\u2009998.71 USDT');
  });
});
