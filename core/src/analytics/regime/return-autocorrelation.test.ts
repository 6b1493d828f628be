import { describe, expect, it } from 'vitest';
import { lag1Autocorrelation } from '../price-stats.js';
import { RollingReturnAutocorrelation } from './return-autocorrelation.js';

describe('RollingReturnAutocorrelation (1m, 10 candles)', () => {
  it('is null until 10 closes, then −1 for alternating returns (hand case)', () => {
    // closes 100, 101, 100, 101, …: log returns +a, −a, +a, … → each lagged pair is (+a, −a) or (−a, +a) → r = −1
    const ac = new RollingReturnAutocorrelation(10);
    const closes = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 100 : 101));
    const out = closes.map((c) => ac.updateClose(c));
    expect(out.slice(0, 9)).toEqual(new Array(9).fill(null));
    expect(out[9]).toBeCloseTo(-1, 12);
    expect(out[11]).toBeCloseTo(-1, 12);
  });

  it('works a 4-close case by hand: returns ln(2), ln(1.5), ln(4/3) → pairs (ln 2, ln 1.5), (ln 1.5, ln 4/3) → r = 1', () => {
    // x = (0.6931, 0.4055), y = (0.4055, 0.2877): two points always lie on a line, both sides fall → r = +1
    const ac = new RollingReturnAutocorrelation(4);
    for (const c of [1, 2, 3, 4]) ac.updateClose(c);
    expect(ac.value).toBeCloseTo(1, 12);
  });

  it('equals lag1Autocorrelation of the last 10 closes at every step of a seeded walk', () => {
    let seed = 99;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const closes: number[] = [100];
    for (let i = 1; i < 300; i++) closes.push((closes[i - 1] as number) * (1 + 0.003 * (rnd() - 0.5) + (i % 7 === 0 ? 0.004 : 0)));
    const ac = new RollingReturnAutocorrelation(10);
    closes.forEach((c, i) => {
      const v = ac.updateClose(c);
      if (i >= 9) expect(v).toBeCloseTo(lag1Autocorrelation(closes.slice(i - 9, i + 1)), 12);
    });
  });

  it('is null when prices do not move', () => {
    const ac = new RollingReturnAutocorrelation(10);
    for (let i = 0; i < 12; i++) ac.updateClose(50);
    expect(ac.value).toBeNull();
  });
});
