import { describe, expect, it } from 'vitest';
import { SeededRandom } from './random.js';

describe('SeededRandom (Park–Miller minimal standard)', () => {
  it('gives the published first states from seed 1: 16807, 282475249, 1622650073', () => {
    const r = new SeededRandom(1);
    // x1 = 16807·1; x2 = 16807² = 282475249; x3 = 282475249·16807 mod (2^31−1) = 1622650073
    expect(r.next()).toBe(16_807 / 2_147_483_647);
    expect(r.next()).toBe(282_475_249 / 2_147_483_647);
    expect(r.next()).toBe(1_622_650_073 / 2_147_483_647);
  });

  it("reaches Park & Miller's check value: state 1043618065 after 10 000 draws from seed 1", () => {
    const r = new SeededRandom(1);
    let last = 0;
    for (let i = 0; i < 10_000; i += 1) last = r.next();
    expect(last).toBe(1_043_618_065 / 2_147_483_647);
  });

  it('stays in [0, 1) and repeats for the same seed', () => {
    const a = new SeededRandom(987_654_321);
    const b = new SeededRandom(987_654_321);
    for (let i = 0; i < 1_000; i += 1) {
      const v = a.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      expect(b.next()).toBe(v);
    }
  });

  it('maps seed 0 (a fixed point of the recurrence) to 1', () => {
    expect(new SeededRandom(0).next()).toBe(16_807 / 2_147_483_647);
  });
});
