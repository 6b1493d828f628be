import { describe, expect, it } from 'vitest';
import { historicalVarPct, quantileSorted } from './historical-var.js';

describe('quantileSorted (type 7, numpy linear)', () => {
  // numpy: percentile([1, 2, 3, 4], 10) = 1.3 (h = 3 × 0.1 = 0.3); percentile([1, 2, 3, 4], 50) = 2.5; ends are the extremes.
  it('interpolates between order statistics', () => {
    const x = [1, 2, 3, 4];
    expect(quantileSorted(x, 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted(x, 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(4);
    expect(quantileSorted([7], 0.05)).toBe(7);
  });

  it('refuses an empty series', () => {
    expect(() => quantileSorted([], 0.05)).toThrow(RangeError);
  });
});

describe('historicalVarPct', () => {
  // 101 returns −0.05, −0.049, …, +0.05: h = 100 × 0.05 = 5 → q = −0.045 exactly → 4.5 %; 99 %: h = 1 → −0.049 → 4.9 %.
  it('is the negated lower quantile in percent', () => {
    const r = Array.from({ length: 101 }, (_, i) => (i - 50) / 1000);
    expect(historicalVarPct(r, 0.95)).toBeCloseTo(4.5, 10);
    expect(historicalVarPct(r, 0.99)).toBeCloseTo(4.9, 10);
  });

  it('is null without returns and 0 when the tail is a gain', () => {
    expect(historicalVarPct([], 0.95)).toBeNull();
    expect(historicalVarPct([0.01, 0.02], 0.95)).toBe(0);
  });
});
