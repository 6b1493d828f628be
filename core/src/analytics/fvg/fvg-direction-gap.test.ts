import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../faults/random.js';
import type { Candle } from '../candle.js';
import { type FairValueGap, FvgType } from './fair-value-gap.js';
import { FvgTracker } from './fvg-tracker.js';

const M15 = 900_000;

/** The repo's seeded generator (Park–Miller), so the stream (and any failure) is the same on every run. */
const rng = (seed: number): (() => number) => {
  const r = new SeededRandom(seed);
  return () => r.next();
};

const cents = (x: number): number => Math.round(x * 100) / 100;

/** The rule over the built gap list, as SymbolAnalytics wrote it before the search moved into the tracker. */
function listed(f: FvgTracker, price: number, long: boolean, range: number): FairValueGap | null {
  const inside = f.gapsAt(price, long ? FvgType.Bullish : FvgType.Bearish)[0];
  if (inside) return inside;
  let best: FairValueGap | null = null;
  for (const g of f.gaps()) {
    const d = long ? g.unfilledLow - price : price - g.unfilledHigh;
    if (d > 0 && d <= price * range && (best === null || d < (long ? best.unfilledLow - price : price - best.unfilledHigh))) best = g;
  }
  return best;
}

describe('FvgTracker.directionGapIndex', () => {
  it('finds the gap the list scan finds (inside on the side, else the nearest ahead within range), through creations, fills and expiries', () => {
    const r = rng(20261207);
    const f = new FvgTracker({ pricePrecision: 2 });
    let price = 100;
    const seen = { none: 0, inside: 0, ahead: 0 };
    for (let k = 0; k < 2000; k++) {
      const open = price;
      price = cents(Math.max(50, price * (1 + (r() - 0.5) * 0.03)));
      const c: Candle = { timeframe: '15m', openTime: k * M15, open, high: cents(Math.max(open, price) * (1 + r() * 0.002)), low: cents(Math.min(open, price) * (1 - r() * 0.002)), close: price, volume: 1, buyVolume: 1, sellVolume: 0, trades: 1, buyTrades: 1, sellTrades: 0 };
      f.onCandle(c);
      for (let j = 0; j < 3; j++) {
        if (r() < 0.5) f.onTrade(cents(price * (1 + (r() - 0.5) * 0.02)), (k + 1) * M15 + j * 60_000);
        const at = cents(price * (1 + (r() - 0.5) * 0.04));
        for (const long of [true, false]) {
          const i = f.directionGapIndex(at, long, 0.02);
          const want = listed(f, at, long, 0.02);
          expect(i < 0 ? null : f.gapAt(i)).toEqual(want);
          if (want === null) seen.none += 1;
          else if (want.gapLow <= at && at <= want.gapHigh && want.fvgType === (long ? FvgType.Bullish : FvgType.Bearish)) seen.inside += 1;
          else seen.ahead += 1;
        }
      }
    }
    // Every branch came up many times.
    expect(seen.none).toBeGreaterThan(200);
    expect(seen.inside).toBeGreaterThan(200);
    expect(seen.ahead).toBeGreaterThan(200);
  });
});
