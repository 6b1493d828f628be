import { describe, expect, it } from 'vitest';
import { dec } from './money.js';
import { closedPnl } from './closed-pnl.js';

describe('closedPnl', () => {
  it('is exact where floats drift: 0.1 + 0.2 style amounts', () => {
    // long 3 @ 0.1 → 0.3: gross 0.6; fees 0.0001 + 0.0002 → net 0.5997 (floats give 0.5997000000000001).
    const p = closedPnl('long', dec('0.1'), dec('0.3'), dec('3'), dec('0.0001'), dec('0.0002'));
    expect(p.net.toFixed()).toBe('0.5997');
    expect(p.pct).toBeCloseTo(199.9, 9);
  });

  it('mirrors for shorts', () => {
    const p = closedPnl('short', dec('100'), dec('90'), dec('2'), dec('0.2'), dec('0.18'));
    expect(p.gross.toFixed()).toBe('20');
    expect(p.net.toFixed()).toBe('19.62');
  });
});
