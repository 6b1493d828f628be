import { describe, expect, it } from 'vitest';
import { dec } from '../execution/money.js';
import { formatTradePnlPct, tradePnlPct } from './trade-pnl-pct.js';

const t = (pnl: string, entryPrice: string, qty: string): { id: string; pnl: string; entryPrice: string; qty: string } => ({ id: 'x', pnl, entryPrice, qty });

describe('formatTradePnlPct (percent of entry notional, after fees, exact)', () => {
  it('divides net pnl by entryPrice × qty', () => {
    expect(formatTradePnlPct(t('-1.2345', '0.00012345', '1000000'), 4)).toBe('-1.0000'); // notional 123.45 → −1 %
    expect(formatTradePnlPct(t('0.37', '50000', '0.002'), 4)).toBe('0.3700'); // notional 100 → 0.37 %
  });

  it('rounds half-even in one step', () => {
    expect(formatTradePnlPct(t('0.0000125', '1', '1'), 4)).toBe('0.0012'); // 0.00125: tie, even → down
    expect(formatTradePnlPct(t('0.0000135', '1', '1'), 4)).toBe('0.0014'); // 0.00135: tie, odd → up
    expect(formatTradePnlPct(t('-0.0000135', '1', '1'), 4)).toBe('-0.0014');
    // 0.001249999999999999999999 %: a 20-place intermediate would round to 0.00125 and then to even 0.0012 — right by
    // luck; 0.000149999999999999999999 % would become 0.00015 → 0.0002 where the true value rounds to 0.0001.
    expect(formatTradePnlPct(t('0.00000149999999999999999999', '1', '1'), 4)).toBe('0.0001');
    expect(formatTradePnlPct(t('2', '3', '1'), 2)).toBe('66.67');
  });

  it('prints no negative zero', () => {
    expect(formatTradePnlPct(t('-0.0000001', '100', '1'), 4)).toBe('0.0000');
  });

  it('leaves the global Big settings alone', () => {
    formatTradePnlPct(t('1', '3', '1'), 2);
    expect(dec(1).div(3).toFixed()).toBe('0.33333333333333333333'); // default DP 20, half-up
  });

  it('refuses a zero notional', () => {
    expect(() => formatTradePnlPct(t('1', '100', '0'), 4)).toThrow(/zero entry notional/);
  });
});

describe('tradePnlPct (double, for display)', () => {
  it('is the same ratio in floating point', () => {
    expect(tradePnlPct(t('0.37', '50000', '0.002'))).toBeCloseTo(0.37, 12);
  });
});
