import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../faults/random.js';
import type { Candle } from '../candle.js';
import { FvgType } from './fair-value-gap.js';
import { FvgTracker } from './fvg-tracker.js';

const M15 = 900_000;

/** The repo's seeded generator (Park–Miller), so the stream (and any failure) is the same on every run. */
const rng = (seed: number): (() => number) => {
  const r = new SeededRandom(seed);
  return () => r.next();
};

const cents = (x: number): number => Math.round(x * 100) / 100;

describe('FvgTracker.newestGapIndexAt with its last answer kept', () => {
  it('finds the gap a plain scan of gaps() finds, through creations, fills and expiries, asking the same price again and again', () => {
    const r = rng(14);
    const f = new FvgTracker({ pricePrecision: 2 });
    let price = 100;
    let asked = 0;
    let found = 0;
    const touches: number[] = [];
    for (let k = 0; k < 3000; k++) {
      // Jumpy 15m candles (gaps of ≥ 0.2 % form often), then trades inside the next candle that fill some.
      const open = price;
      price = cents(Math.max(50, price * (1 + (r() - 0.5) * 0.03)));
      const c: Candle = { timeframe: '15m', openTime: k * M15, open, high: cents(Math.max(open, price) * (1 + r() * 0.002)), low: cents(Math.min(open, price) * (1 - r() * 0.002)), close: price, volume: 1, buyVolume: 1, sellVolume: 0, trades: 1, buyTrades: 1, sellTrades: 0 };
      f.onCandle(c);
      for (let j = 0; j < 4; j++) {
        const ts = (k + 1) * M15 + j * 60_000;
        if (r() < 0.5) f.onTrade(cents(price * (1 + (r() - 0.5) * 0.02)), ts);
        // The same touch several times (as Level 2 asks), and often one asked before the gaps changed.
        const touch = r() < 0.5 && touches.length > 0 ? (touches[Math.floor(r() * touches.length)] as number) : cents(price * (1 + (r() - 0.5) * 0.04));
        touches.push(touch);
        if (touches.length > 8) touches.shift();
        for (let rep = 0; rep < 3; rep++) {
          for (const type of [FvgType.Bullish, FvgType.Bearish]) {
            const i = f.newestGapIndexAt(touch, type);
            const want = f.gaps(type).filter((g) => g.gapLow <= touch && touch <= g.gapHigh).at(-1) ?? null;
            expect(i < 0 ? null : f.gapAt(i).fvgId).toBe(want?.fvgId ?? null);
            asked += 1;
            if (i >= 0) found += 1;
          }
        }
      }
    }
    // Both answers came up many times.
    expect(found).toBeGreaterThan(1000);
    expect(asked - found).toBeGreaterThan(1000);
  });
  it('keeps its answer between gap edges: a touch moving a cent or two at a time gets the plain scan\'s gap', () => {
    const r = rng(1407);
    const f = new FvgTracker({ pricePrecision: 2 });
    let price = 100;
    let touch = 100;
    let asked = 0;
    let found = 0;
    let changed = 0;
    for (let k = 0; k < 2000; k++) {
      const open = price;
      price = cents(Math.max(50, price * (1 + (r() - 0.5) * 0.03)));
      const c: Candle = { timeframe: '15m', openTime: k * M15, open, high: cents(Math.max(open, price) * (1 + r() * 0.002)), low: cents(Math.min(open, price) * (1 - r() * 0.002)), close: price, volume: 1, buyVolume: 1, sellVolume: 0, trades: 1, buyTrades: 1, sellTrades: 0 };
      f.onCandle(c);
      for (let j = 0; j < 12; j++) {
        const ts = (k + 1) * M15 + j * 60_000;
        if (r() < 0.2) f.onTrade(cents(price * (1 + (r() - 0.5) * 0.02)), ts);
        // Mostly a tick or a few from the last touch (across gap edges now and then), sometimes a jump.
        touch = r() < 0.9 ? cents(touch + Math.round((r() - 0.5) * 8) / 100) : cents(price * (1 + (r() - 0.5) * 0.04));
        for (const type of [FvgType.Bullish, FvgType.Bearish]) {
          const before = f.revision;
          const i = f.newestGapIndexAt(touch, type);
          const want = f.gaps(type).filter((g) => g.gapLow <= touch && touch <= g.gapHigh).at(-1) ?? null;
          expect(i < 0 ? null : f.gapAt(i).fvgId).toBe(want?.fvgId ?? null);
          expect(f.revision).toBe(before);
          asked += 1;
          if (i >= 0) found += 1;
          if (i >= 0 && f.newestGapIndexAt(cents(touch + 0.01), type) !== i) changed += 1;
        }
      }
    }
    expect(found).toBeGreaterThan(2000);
    expect(asked - found).toBeGreaterThan(2000);
    // A tick further often changes the answer: the kept spans were crossed, not only stood in.
    expect(changed).toBeGreaterThan(50);
  });
});
