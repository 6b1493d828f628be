import { describe, expect, it } from 'vitest';
import { dec } from '../../execution/money.js';
import { MarginAction, assessMarginBuffer } from './margin-buffer.js';
import { defaultRiskSizing } from './risk-sizing-config.js';

const at = (used: string, equity = '10000') => assessMarginBuffer(dec(equity), dec(used), defaultRiskSizing);

describe('margin buffer (§2.7.1.1: keep 50 %+, reduce below 30 %)', () => {
  it('is healthy at exactly 50 % free (5,000 of 10,000 posted)', () => {
    expect(at('5000')).toMatchObject({ action: MarginAction.Ok });
    expect(at('5000').buffer.toFixed()).toBe('0.5');
  });

  it('holds (no new entries) between 30 % and 50 %', () => {
    // (10,000 − 5,000.01) / 10,000 = 0.499999 → below 50 %
    expect(at('5000.01')).toMatchObject({ action: MarginAction.NoNewEntries });
    expect(at('5000.01').buffer.toFixed()).toBe('0.499999');
    // exactly 30 % free is not "< 30 %"
    expect(at('7000')).toMatchObject({ action: MarginAction.NoNewEntries });
  });

  it('reduces below 30 %, by enough margin to get back to 50 %', () => {
    // used 7,000.01 > 10,000 × 0.7; free back to 10,000 × 0.5: 7,000.01 − 5,000 = 2,000.01
    const a = at('7000.01');
    expect(a.action).toBe(MarginAction.Reduce);
    expect(a.marginToFree.toFixed()).toBe('2000.01');
    // buffer = 2,999.99 / 10,000 = 0.299999
    expect(a.buffer.toFixed()).toBe('0.299999');
  });

  it('reduces everything when equity is gone', () => {
    const a = at('300', '-5');
    expect(a).toMatchObject({ action: MarginAction.Reduce });
    expect(a.marginToFree.toFixed()).toBe('300');
    expect(a.buffer.toFixed()).toBe('0');
  });
});
