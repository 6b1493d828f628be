import { describe, expect, it } from 'vitest';
import { niceStep, timeTicks, utc, valueTicks } from './axis-ticks.js';

describe('valueTicks', () => {
  it('BTC prices 36,850–38,250: span 1,400 / 5 = 280 → step 500, domain widened to 36,500–38,500', () => {
    expect(valueTicks(36_850, 38_250, 5)).toEqual({ lo: 36_500, hi: 38_500, values: [36_500, 37_000, 37_500, 38_000, 38_500], labels: ['36500', '37000', '37500', '38000', '38500'] });
  });

  it('XRP/ETH prices: span 0.00011445 / 5 = 0.0000229 → step 0.00005, five decimals', () => {
    const t = valueTicks(0.00141342, 0.00152787, 5);
    expect(t.labels).toEqual(['0.00140', '0.00145', '0.00150', '0.00155']);
  });

  it('widens a flat series instead of dividing by zero', () => {
    const t = valueTicks(10_000, 10_000, 5);
    expect(t.lo).toBeLessThan(10_000);
    expect(t.hi).toBeGreaterThan(10_000);
  });

  it('steps are 1, 2 or 5 × 10^k', () => {
    expect([niceStep(10, 10), niceStep(13, 10), niceStep(30, 10), niceStep(0.07, 10)]).toEqual([1, 2, 5, 0.01]);
  });
});

describe('timeTicks', () => {
  const t0 = Date.UTC(2021, 0, 8, 9, 0, 0);
  it('six hours in about seven ticks: hourly, date on the first line only', () => {
    const t = timeTicks(t0, t0 + 6 * 3_600_000, 7);
    expect(t.labels).toEqual([['09:00', '2021-01-08'], ['10:00'], ['11:00'], ['12:00'], ['13:00'], ['14:00'], ['15:00']]);
  });

  it('repeats the date where the day changes (8 h / 4 = 2 h steps)', () => {
    const t = timeTicks(Date.UTC(2021, 0, 8, 20, 0, 0), Date.UTC(2021, 0, 9, 4, 0, 0), 4);
    expect(t.labels).toEqual([['20:00', '2021-01-08'], ['22:00'], ['00:00', '2021-01-09'], ['02:00'], ['04:00']]);
  });

  it('shows seconds for short spans and dates for long ones', () => {
    expect(timeTicks(t0, t0 + 60_000, 6).labels[1]).toEqual(['09:00:10']);
    expect(timeTicks(t0, t0 + 30 * 86_400_000, 6).labels[0]).toEqual(['2021-01-14']);
  });

  it('utc() prints milliseconds only when there are some', () => {
    expect(utc(t0)).toBe('2021-01-08 09:00:00');
    expect(utc(t0 + 250)).toBe('2021-01-08 09:00:00.250');
  });
});
