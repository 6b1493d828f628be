import { describe, expect, it } from 'vitest';
import { lag1Autocorrelation } from './price-stats.js';
import { TradeWindow } from './trade-window.js';
import { volumeProfile } from './volume-profile.js';

describe('lag1Autocorrelation', () => {
  it('is −1 for alternating returns and +1 for a constant-acceleration series (hand cases)', () => {
    expect(lag1Autocorrelation([100, 101, 100, 101, 100, 101, 100])).toBeCloseTo(-1, 12);
    // log returns r = [a, 2a, 3a, 4a]-ish: x = r[0..2], y = r[1..3] are both increasing linearly → r ≈ 1.
    const closes = [100];
    for (let i = 1; i <= 5; i++) closes.push((closes[i - 1] as number) * Math.exp(0.001 * i));
    expect(lag1Autocorrelation(closes)).toBeCloseTo(1, 9);
  });
});

describe('volumeProfile', () => {
  it('grows the value area toward the heavier neighbour until 70 % (hand case)', () => {
    // Bins of 1.0: [10) 5, [11) 20, [12) 40 (POC), [13) 25, [14) 10 → total 100.
    // Start 40; above 25 ≥ below 20 → 65; then below 20 vs above 10 → 85 ≥ 70. VA = [11, 14).
    const w = new TradeWindow(60_000);
    let id = 0;
    for (const [price, amount] of [[10.5, 5], [11.5, 20], [12.5, 40], [13.5, 25], [14.5, 10]] as const) {
      w.push({ id: String(++id), ts: 1000 + id, price, amount, side: 'buy', sideInferred: false });
    }
    const p = volumeProfile(w, 2000, 30_000, 1);
    expect(p).toEqual({ poc: 12.5, valueAreaLow: 11, valueAreaHigh: 14, binSize: 1, totalVolume: 100 });
  });
});
