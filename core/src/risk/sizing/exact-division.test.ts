import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { dec, roundTo } from '../../execution/money.js';
import { divDown, divUp } from './exact-division.js';

describe('exact floor/ceil division', () => {
  it('floors and ceils at the given places: 1/3 → 0.33333 / 0.33334', () => {
    expect(divDown(dec(1), dec(3), 5).toFixed()).toBe('0.33333');
    expect(divUp(dec(1), dec(3), 5).toFixed()).toBe('0.33334');
    expect(divUp(dec(6), dec(3), 5).toFixed()).toBe('2');
  });

  it('does not let the global half-up at 20 places round a quotient across the boundary', () => {
    const n = dec('0.99999999999999999999999'); // 23 nines
    // Big's default div: 20 places, half-up → 1.00000000000000000000 → floored at 8 → 1 (wrong)
    expect(roundTo(n.div(1), 8, 'down').toFixed()).toBe('1');
    expect(divDown(n, dec(1), 8).toFixed()).toBe('0.99999999');
  });

  it('leaves the global Big settings alone', () => {
    divDown(dec(2), dec(3), 4);
    expect(Big.DP).toBe(20);
    expect(Big.RM).toBe(Big.roundHalfUp);
  });
});
