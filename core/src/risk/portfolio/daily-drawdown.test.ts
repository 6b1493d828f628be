import { describe, expect, it } from 'vitest';
import { dec } from '../../execution/money.js';
import { DailyDrawdown, drawdownLevelFor } from './daily-drawdown.js';
import { DrawdownConfigSchema } from './portfolio-risk-config.js';

const cfg = DrawdownConfigSchema.parse({});
const DAY1 = Date.UTC(2024, 2, 1);
const H = 3_600_000;

describe('drawdownLevelFor (§2.2.5 levels 2/3/4/5 %, measured against the day start)', () => {
  it('puts each exact boundary in the higher level and a cent below it in the lower', () => {
    const start = dec('100000');
    // loss 1,999.99 = 1.99999 % → normal; 2,000 = 2 % → alert; 2,999.99 → alert; 3,000 → warning;
    // 4,000 → critical; 4,200 (the document's −4.2 %) → critical; 5,000 → circuit breaker.
    const at = (loss: string) => drawdownLevelFor(dec(loss), start, cfg);
    expect(at('1999.99')).toBe('normal');
    expect(at('2000')).toBe('alert');
    expect(at('2999.99')).toBe('alert');
    expect(at('3000')).toBe('warning');
    expect(at('3999.99')).toBe('warning');
    expect(at('4000')).toBe('critical');
    expect(at('4200')).toBe('critical');
    expect(at('4999.99')).toBe('critical');
    expect(at('5000')).toBe('circuit_breaker');
    expect(at('-500')).toBe('normal');
  });

  it('is exact where a float is not: start 7, loss 0.35 is exactly 5 %', () => {
    // 7 × 0.05 = 0.35 exactly in decimal; in doubles 0.35 / 7 = 0.049999999999999996 < 0.05 would miss the breaker.
    expect(0.35 / 7 < 0.05).toBe(true);
    expect(drawdownLevelFor(dec('0.35'), dec('7'), cfg)).toBe('circuit_breaker');
    expect(drawdownLevelFor(dec('0.34999999'), dec('7'), cfg)).toBe('critical');
  });
});

describe('DailyDrawdown', () => {
  it('walks the levels up through a day, latches the breaker, and resets at midnight UTC', () => {
    const d = new DailyDrawdown(cfg);
    // Day start equity 100,000 (first reading of the day).
    expect(d.observe(dec('100000'), DAY1 + 5_000)).toEqual({ from: 'normal', to: 'normal' });
    expect(d.observe(dec('98500'), DAY1 + 1 * H).to).toBe('normal'); // −1.5 %
    expect(d.observe(dec('98000'), DAY1 + 2 * H)).toEqual({ from: 'normal', to: 'alert' }); // −2 %
    expect(d.observe(dec('97000'), DAY1 + 3 * H)).toEqual({ from: 'alert', to: 'warning' }); // −3 %
    expect(d.observe(dec('97500'), DAY1 + 4 * H)).toEqual({ from: 'warning', to: 'alert' }); // −2.5 %: below critical, levels follow
    expect(d.observe(dec('95800'), DAY1 + 5 * H)).toEqual({ from: 'alert', to: 'critical' }); // −4.2 %
    expect(d.observe(dec('95000'), DAY1 + 6 * H)).toEqual({ from: 'critical', to: 'circuit_breaker' }); // −5 %
    expect(d.breakerTrippedAt).toBe(DAY1 + 6 * H);
    expect(d.observe(dec('99000'), DAY1 + 7 * H)).toEqual({ from: 'circuit_breaker', to: 'circuit_breaker' }); // latched
    expect(d.snapshot().drawdown.toString()).toBe('0.01'); // (100,000 − 99,000) / 100,000
    expect(d.resetsAt).toBe(DAY1 + 24 * H);
    // Last reading of the day at 23:59:59.999 — 97,000 — becomes the next day's start equity.
    d.observe(dec('97000'), DAY1 + 24 * H - 1);
    expect(d.roll(DAY1 + 24 * H - 1)).toBe(false);
    expect(d.roll(DAY1 + 24 * H)).toBe(true);
    expect(d.level).toBe('normal');
    expect(d.breakerTrippedAt).toBeNull();
    expect(d.snapshot().dayStartEquity?.toString()).toBe('97000');
    // 96,000 against 97,000 = 1.0309 % → normal on the new day (it would be 4 % against yesterday's start).
    expect(d.observe(dec('96000'), DAY1 + 24 * H + 60_000)).toEqual({ from: 'normal', to: 'normal' });
    expect(d.snapshot().drawdown.toFixed(6)).toBe('0.010309');
  });

  it('rolls on the first reading of a later day even without an explicit roll', () => {
    const d = new DailyDrawdown(cfg);
    d.observe(dec('100000'), DAY1 + H);
    d.observe(dec('95000'), DAY1 + 2 * H);
    expect(d.level).toBe('circuit_breaker');
    const t = d.observe(dec('95000'), DAY1 + 26 * H);
    expect(t).toEqual({ from: 'normal', to: 'normal' });
    expect(d.snapshot().dayStartEquity?.toString()).toBe('95000');
  });

  it('restores a tripped breaker', () => {
    const d = new DailyDrawdown(cfg);
    d.restore({ day: Math.floor(DAY1 / 86_400_000), dayStartEquity: '100000', equity: '94000', level: 'circuit_breaker', breakerTrippedAt: DAY1 + H });
    expect(d.observe(dec('100000'), DAY1 + 2 * H).to).toBe('circuit_breaker');
    expect(d.roll(DAY1 + 24 * H)).toBe(true);
    expect(d.level).toBe('normal');
  });
});
