import { describe, expect, it } from 'vitest';
import type { Candle } from '../candle.js';
import { bounceOff } from './bounce.js';

const candle = (open: number, high: number, low: number): Candle => ({ timeframe: '1m', openTime: 0, open, high, low, close: open, volume: 1, buyVolume: 1, sellVolume: 0, trades: 1, buyTrades: 1, sellTrades: 0 });

describe('bounceOff (§2.3.4 Level 4 on the open 1m candle)', () => {
  it("the document's worked long: in its $50,200–50,250 demand zone at $50,245 after a wick to $50,200 is a bounce", () => {
    // §2.2.2 example: fresh zone 50,200–50,250, rejection wick at 50,200, entry 50,245. Candle open 50,230:
    // rejection = (50,245 − 50,200) / (50,250 − 50,200) = 45 / 50 = 0.9; 50,245 > open 50,230 → moving away,
    // although the price is still inside the zone (the old rule, price above the zone's top 50,250, said no).
    expect(bounceOff('long', 50_245, candle(50_230, 50_250, 50_200), 2)).toEqual({ rejection: 0.9, volumeSpike: 2, movingAway: true });
  });

  it('mirrors for a short: distance from the high over the range, below the open', () => {
    // Candle 100 / 102 / 98; price 98.4: (102 − 98.4) / 4 = 0.9, below the open 100.
    const b = bounceOff('short', 98.4, candle(100, 102, 98), null);
    expect(b.rejection).toBeCloseTo(0.9, 12);
    expect(b).toMatchObject({ volumeSpike: null, movingAway: true });
  });

  it('a price back above the low but not above the open has not turned', () => {
    // 99.5 on 100 / 100.2 / 99: (99.5 − 99) / 1.2 ≈ 0.417, and 99.5 < open 100.
    const b = bounceOff('long', 99.5, candle(100, 100.2, 99), 3);
    expect(b.rejection).toBeCloseTo(0.5 / 1.2, 12);
    expect(b.movingAway).toBe(false);
  });

  it('no candle or no range: no bounce', () => {
    expect(bounceOff('long', 100, null, 2)).toEqual({ rejection: 0, volumeSpike: 2, movingAway: false });
    expect(bounceOff('long', 100, candle(100, 100, 100), 2)).toEqual({ rejection: 0, volumeSpike: 2, movingAway: false });
  });
});
