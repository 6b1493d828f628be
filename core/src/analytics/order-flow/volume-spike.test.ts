import { describe, expect, it } from 'vitest';
import type { Candle } from '../candle.js';
import { VolumeSpikeTracker } from './volume-spike.js';
import { OrderFlowState } from './order-flow-state.js';

const T0 = Date.UTC(2024, 0, 1);
const M = 60_000;
/** A 1m candle at minute `m` with `volume` (only openTime and volume matter here). */
const c1m = (m: number, volume: number): Candle => ({ timeframe: '1m', openTime: T0 + m * M, open: 1, high: 1, low: 1, close: 1, volume, buyVolume: volume, sellVolume: 0, trades: 1, buyTrades: 1, sellTrades: 0 });

function tracker(closed: readonly Candle[]): VolumeSpikeTracker {
  // 3 periods instead of 20 keeps the hand arithmetic short; the code does not special-case 20.
  const t = new VolumeSpikeTracker('1m', 3, 1.5);
  for (const c of closed) t.onClose(c);
  return t;
}

describe('VolumeSpikeTracker', () => {
  it('divides the current candle by the mean of the previous periods (hand case)', () => {
    const t = tracker([c1m(0, 2), c1m(1, 4), c1m(2, 6)]);
    // Current minute 3 has 9 so far; previous three: (2 + 4 + 6)/3 = 4 → 9/4 = 2.25 > 1.5.
    expect(t.read(c1m(3, 9), T0 + 3 * M + 30_000)).toEqual({ timeframe: '1m', periods: 3, current: 9, average: 4, ratio: 2.25, spike: true });
  });

  it('counts minutes without trades as zero-volume periods', () => {
    const t = tracker([c1m(0, 3), c1m(2, 6)]);
    // Minute 5 is current; previous three are minutes 2, 3, 4 = 6, 0, 0 → mean 2 → 5/2 = 2.5.
    expect(t.read(c1m(5, 5), T0 + 5 * M)).toMatchObject({ current: 5, average: 2, ratio: 2.5, spike: true });
  });

  it('caps a long gap at the period count and is strict at the threshold', () => {
    const t = tracker([c1m(0, 3), c1m(10, 8)]);
    // Current minute 11; previous three: minutes 8, 9, 10 = 0, 0, 8 → mean 8/3 → 4/(8/3) = 1.5, not > 1.5.
    const r = t.read(c1m(11, 4), T0 + 11 * M);
    expect(r.average).toBeCloseTo(8 / 3, 15);
    expect(r.ratio).toBeCloseTo(1.5, 15);
    expect(r.spike).toBe(false);
  });

  it('treats the open candle as a past period once the clock is in a later bucket', () => {
    const t = tracker([c1m(0, 2), c1m(1, 4), c1m(2, 6)]);
    // Clock at minute 4 + 10 s, last trade in minute 3 (volume 9): current 0, previous 4, 6, 9 → 19/3.
    const r = t.read(c1m(3, 9), T0 + 4 * M + 10_000);
    expect(r.current).toBe(0);
    expect(r.average).toBeCloseTo(19 / 3, 15);
    expect(r.ratio).toBe(0);
    // Clock at minute 5: previous are 6, 9, 0 (minute 4 empty) → 15/3 = 5.
    expect(t.read(c1m(3, 9), T0 + 5 * M).average).toBe(5);
  });

  it('has no average until enough periods have passed, and no ratio over an all-zero average', () => {
    // Only minute 0 is known before minute 1: 1 < 3 periods.
    expect(tracker([c1m(0, 3)]).read(c1m(1, 10), T0 + M)).toMatchObject({ average: null, ratio: null, spike: false });
    // Minute 10 after minute 0: previous 7, 8, 9 are all empty → average 0 → ratio undefined.
    expect(tracker([c1m(0, 3)]).read(c1m(10, 1), T0 + 10 * M)).toMatchObject({ average: 0, ratio: null, spike: false });
    expect(tracker([]).read(null, T0)).toMatchObject({ current: 0, average: null, ratio: null });
  });
});

describe('OrderFlowState.warmUpVolume (history before the first trade)', () => {
  it('reads a spike from the first minute of the tape: 20 warm-up minutes of 10, then 30 in the first minute → ×3', () => {
    const history = Array.from({ length: 20 }, (_, m) => c1m(m, 10));
    const warm = new OrderFlowState();
    warm.warmUpVolume({ '1m': history });
    const t = { id: '1', ts: T0 + 20 * M + 5_000, price: 1, amount: 30, side: 'buy' as const, sideInferred: false };
    warm.onTrade(t);
    // Average of the 20 periods before minute 20 = 200 / 20 = 10; current 30 → 3.
    expect(warm.volumeSpike('1m')).toMatchObject({ current: 30, average: 10, ratio: 3, spike: true });
    // Without the history the average is unknown for 20 minutes.
    const cold = new OrderFlowState();
    cold.onTrade(t);
    expect(cold.volumeSpike('1m').ratio).toBeNull();
    // History after trades would put the averages out of time order: refused.
    expect(() => cold.warmUpVolume({ '1m': history })).toThrow(/before the first trade/);
  });
});
