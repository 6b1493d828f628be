import { describe, expect, it } from 'vitest';
import { drawdownPctSeries, maxDrawdownPct } from './drawdown.js';

// Equity 100, 120, 90, 130, 117: peaks 100, 120, 120, 130, 130 → drawdowns 0, 0, 30/120 = 25 %, 0, 13/130 = 10 %.
const curve = ['100', '120', '90', '130', '117'].map((equity, i) => ({ ts: i * 1000, equity }));

describe('drawdown', () => {
  it('measures each point against the running peak', () => {
    expect([...drawdownPctSeries(curve)].map((x) => Number(x.toFixed(10)))).toEqual([0, 0, 25, 0, 10]);
  });

  it('takes the largest peak-to-trough fall, not the largest fall from the start', () => {
    expect(maxDrawdownPct(curve)).toBeCloseTo(25, 12);
    expect(maxDrawdownPct([])).toBe(0);
    expect(maxDrawdownPct([{ ts: 0, equity: '5' }, { ts: 1, equity: '6' }])).toBe(0);
  });
});
