import { describe, expect, it } from 'vitest';
import { scoreText } from './health-actions.js';

describe('scoreText: the health score in the texts that compare it with a band edge', () => {
  it('cuts to two decimals, so a score under an edge never reads as the edge', () => {
    // 69.996 is under the caution edge 70: rounded it read "health score 70.00 < 70" in the logs.
    expect(scoreText(69.996)).toBe('69.99');
    expect(scoreText(49.9999)).toBe('49.99');
    // Two-decimal scores stay themselves although ×100 lands under the integer (3784.9999999999995).
    expect(scoreText(37.85)).toBe('37.85');
    expect(scoreText(0.29)).toBe('0.29');
    expect(scoreText(70)).toBe('70.00');
    expect(scoreText(100)).toBe('100.00');
    expect(scoreText(0)).toBe('0.00');
  });
});
