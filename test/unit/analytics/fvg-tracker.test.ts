import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTradesText, type Candle, CandleBuilder, type FairValueGap, type FvgRemoval, FvgConfigSchema, FvgTracker } from '@cascade/core';

const M15 = 900_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function candle(k: number, open: number, high: number, low: number, close: number): Candle {
  return { timeframe: '15m', openTime: T0 + k * M15, open, high, low, close, volume: 1, buyVolume: 1, sellVolume: 0, trades: 1, buyTrades: 1, sellTrades: 0 };
}

function tracker() {
  const removed: { gap: FairValueGap; reason: FvgRemoval }[] = [];
  const f = new FvgTracker({ pricePrecision: 2 }, FvgConfigSchema.parse({}), (gap, reason) => removed.push({ gap, reason }));
  return { f, removed };
}

/** c1 high 100.00, c2 the jump, c3 low `c3Low`: a bullish gap [100.00, c3Low] when c3Low > 100. */
function bullishRun(f: FvgTracker, c3Low: number, k0 = 0): FairValueGap | null {
  f.onCandle(candle(k0, 99.6, 100, 99.5, 99.9));
  f.onCandle(candle(k0 + 1, 99.9, 100.7, 99.85, 100.6));
  return f.onCandle(candle(k0 + 2, 100.6, 100.8, c3Low, 100.7));
}

describe('FvgConfigSchema', () => {
  it('defaults to the document numbers', () => {
    expect(FvgConfigSchema.parse({})).toEqual({ timeframe: '15m', minGapPct: 0.002, expiryMs: 86_400_000 });
  });
});

describe('FvgTracker', () => {
  it('creates a bullish gap, fills it 30 % then 80 %, and removes it filled', () => {
    const { f, removed } = tracker();
    // c1.high 100.00 < c3.low 100.30: gap [100.00, 100.30] = 30 ticks; 30 / 10000 ticks (c1.high) = 0.3 % ≥ 0.2 %.
    const created = bullishRun(f, 100.3);
    const createdAt = T0 + 3 * M15; // close of candle 3
    expect(created).toEqual({
      fvgId: `fvg-15m-${T0 + 2 * M15}`,
      timeframe: '15m',
      fvgType: 'bullish',
      gapLow: 100,
      gapHigh: 100.3,
      gapPct: 0.003,
      createdAt,
      expiresAt: createdAt + DAY,
      filledAt: null,
      fillPercentage: 0,
      unfilledLow: 100,
      unfilledHigh: 100.3,
    });
    f.onTrade(100.21, createdAt + 1_000); // 100.30 − 100.21 = 9 of 30 ticks → 30 %
    expect(f.gaps()[0]).toMatchObject({ fillPercentage: 30, unfilledHigh: 100.21 });
    f.onTrade(100.24, createdAt + 2_000); // not deeper: still 30 %
    f.onTrade(100.06, createdAt + 3_000); // 24 of 30 ticks → 80 %
    expect(f.gaps()[0]).toMatchObject({ fillPercentage: 80, unfilledLow: 100, unfilledHigh: 100.06 });
    expect(removed).toHaveLength(0);
    f.onTrade(100, createdAt + 4_000); // the far edge: 30 of 30 → 100 %, filled and removed
    expect(f.size).toBe(0);
    expect(removed).toEqual([{ gap: expect.objectContaining({ fillPercentage: 100, filledAt: createdAt + 4_000 }), reason: 'filled' }]);
    expect([f.created, f.filled, f.expired]).toEqual([1, 1, 0]);
  });

  it('keeps gaps of 0.2 % and more only', () => {
    // 19 ticks / 10000 = 0.19 % → none; 20 / 10000 = 0.2 % exactly → kept.
    expect(bullishRun(tracker().f, 100.19)).toBeNull();
    expect(bullishRun(tracker().f, 100.2)?.gapPct).toBe(0.002);
    // c3.low = c1.high: no gap at all
    expect(bullishRun(tracker().f, 100)).toBeNull();
  });

  it('creates a bearish gap, fills it 20 %, and expires it 24 h after candle 3 closed', () => {
    const { f, removed } = tracker();
    f.onCandle(candle(0, 100.4, 100.5, 100, 100.1));
    f.onCandle(candle(1, 100.1, 100.15, 99.7, 99.8));
    // c1.low 100.00 > c3.high 99.75: gap [99.75, 100.00] = 25 ticks; 25 / 10000 (c1.low) = 0.25 %.
    const g = f.onCandle(candle(2, 99.7, 99.75, 99.4, 99.5));
    expect(g).toMatchObject({ fvgType: 'bearish', gapLow: 99.75, gapHigh: 100, gapPct: 0.0025 });
    const createdAt = T0 + 3 * M15;
    f.onTrade(99.8, createdAt + 60_000); // 99.80 − 99.75 = 5 of 25 ticks → 20 %
    expect(f.gaps()[0]?.fillPercentage).toBe(20);
    f.onTrade(99.5, createdAt + DAY - 1); // 1 ms before expiry: still open
    expect(f.size).toBe(1);
    f.onTrade(99.5, createdAt + DAY);
    expect(f.size).toBe(0);
    expect(removed).toEqual([{ gap: expect.objectContaining({ fvgType: 'bearish', fillPercentage: 20, filledAt: null }), reason: 'expired' }]);
  });

  it('fills from closed candles too, and a trade already counted in the candle changes nothing', () => {
    const { f } = tracker();
    bullishRun(f, 100.3);
    const rev = f.revision;
    f.onTrade(100.15, T0 + 3 * M15 + 1_000); // 15 of 30 ticks → 50 %
    expect(f.gaps()[0]?.fillPercentage).toBe(50);
    f.onCandle(candle(3, 100.7, 100.75, 100.15, 100.2)); // the same low again
    expect(f.gaps()[0]?.fillPercentage).toBe(50);
    expect(f.revision).toBe(rev + 1);
    // Candles alone: a next candle reaching 100.09 → 21 of 30 ticks → 70 %
    f.onCandle(candle(4, 100.2, 100.3, 100.09, 100.25));
    expect(f.gaps()[0]?.fillPercentage).toBe(70);
  });

  it('answers which gaps are at or near a price', () => {
    const { f } = tracker();
    bullishRun(f, 100.3); // [100.00, 100.30]
    f.onCandle(candle(3, 100.7, 101.6, 100.6, 101.5));
    f.onCandle(candle(4, 101.5, 101.9, 101.1, 101.8)); // candles 2, 3, 4: c1.high 100.80 < c3.low 101.10 → 30 / 10080 = 0.298 %
    expect(f.gaps().map((g) => [g.gapLow, g.gapHigh])).toEqual([
      [100, 100.3],
      [100.8, 101.1],
    ]);
    expect(f.gapsAt(100.3).map((g) => g.gapLow)).toEqual([100]);
    expect(f.gapsAt(100.5)).toEqual([]);
    expect(f.gapsAt(100.8, 'bearish')).toEqual([]);
    expect(f.nearestGap(100.45)?.gapLow).toBe(100); // 0.15 above the first vs 0.35 below the second
    expect(f.nearestGap(100.65)?.gapLow).toBe(100.8); // 0.35 vs 0.15
  });

  it('agrees with a brute-force replay of candles and trades (property)', () => {
    // Random walk of candles (ticks), trades at random prices between them; the reference recomputes each
    // gap's fill from the extreme price since it was created and drops filled/expired gaps.
    fc.assert(
      fc.property(
        fc.array(fc.record({ move: fc.integer({ min: -60, max: 60 }), span: fc.integer({ min: 0, max: 30 }), trades: fc.array(fc.integer({ min: -80, max: 80 }), { maxLength: 4 }), skip: fc.integer({ min: 1, max: 40 }) }), { maxLength: 120 }),
        (steps) => {
          const { f } = tracker();
          const ref: { id: string; type: string; lo: number; hi: number; created: number; extreme: number }[] = [];
          const hl: { h: number; l: number }[] = [];
          let mid = 10_000;
          let k = 0;
          for (const s of steps) {
            k += s.skip; // hour-long gaps between candles let the 24 h expiry bite
            mid += s.move;
            const h = mid + s.span;
            const l = mid;
            const close = T0 + (k + 1) * M15;
            // reference: this candle's range fills, then expiry at its close, then it is candle 3
            for (const g of ref) g.extreme = g.type === 'bullish' ? Math.min(g.extreme, l) : Math.max(g.extreme, h);
            const keep = (g: (typeof ref)[number], now: number) => (g.type === 'bullish' ? g.extreme > g.lo : g.extreme < g.hi) && now < g.created + DAY;
            ref.splice(0, ref.length, ...ref.filter((g) => keep(g, close)));
            hl.push({ h, l });
            f.onCandle(candle(k, l / 100, h / 100, l / 100, h / 100));
            const c1 = hl.at(-3);
            if (c1 && c1.h < l && (l - c1.h) / c1.h >= 0.002) ref.push({ id: `fvg-15m-${T0 + k * M15}`, type: 'bullish', lo: c1.h, hi: l, created: close, extreme: l });
            if (c1 && c1.l > h && (c1.l - h) / c1.l >= 0.002) ref.push({ id: `fvg-15m-${T0 + k * M15}`, type: 'bearish', lo: h, hi: c1.l, created: close, extreme: h });
            s.trades.forEach((d, i) => {
              const p = mid + d;
              const ts = close + i * 60_000;
              for (const g of ref) g.extreme = g.type === 'bullish' ? Math.min(g.extreme, p) : Math.max(g.extreme, p);
              ref.splice(0, ref.length, ...ref.filter((g) => keep(g, ts)));
              f.onTrade(p / 100, ts);
            });
            expect(f.gaps().map((g) => [g.fvgId, g.fillPercentage])).toEqual(
              ref.map((g) => {
                const into = g.type === 'bullish' ? g.hi - Math.max(g.extreme, g.lo) : Math.min(g.extreme, g.hi) - g.lo;
                return [g.id, (100 * into) / (g.hi - g.lo)];
              }),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('FvgTracker over binance-xrpeth-trades-2019-10 on 15m candles', () => {
  it('creates, fills and expires gaps, and every open gap matches the trades since it was created', () => {
    const url = new URL('../../../sample-data/tapes/binance-xrpeth-trades-2019-10.json.gz', import.meta.url);
    const trades = parseTradesText('ccxt-json', gunzipSync(readFileSync(url)).toString('utf8')).trades;
    const removed: { gap: FairValueGap; reason: FvgRemoval; at: number }[] = [];
    let now = 0;
    const f = new FvgTracker({ pricePrecision: 8 }, FvgConfigSchema.parse({}), (gap, reason) => removed.push({ gap, reason, at: now }));
    const builder = new CandleBuilder('15m', 10);
    let seen = 0; // trades fed so far (several trades can share a timestamp)
    const check = () => {
      for (const g of f.gaps()) {
        expect(g.gapPct).toBeGreaterThanOrEqual(0.002);
        expect(now).toBeLessThan(g.expiresAt);
        // Fill from the trades since creation (prices in ticks of 1e-8).
        const since = trades.slice(0, seen).filter((t) => t.ts >= g.createdAt).map((t) => Math.round(t.price * 1e8));
        const lo = Math.round(g.gapLow * 1e8);
        const hi = Math.round(g.gapHigh * 1e8);
        const into = g.fvgType === 'bullish' ? hi - Math.max(lo, Math.min(hi, ...since)) : Math.min(hi, Math.max(lo, ...since)) - lo;
        expect(g.fillPercentage).toBeCloseTo((100 * into) / (hi - lo), 9);
        expect(g.fillPercentage).toBeLessThan(100);
      }
    };
    trades.forEach((t, i) => {
      now = t.ts;
      const closed = builder.update(t);
      if (closed) f.onCandle(closed);
      f.onTrade(t.price, t.ts);
      seen = i + 1;
      if (i % 200 === 0) check();
    });
    check();
    // The tape makes 9 gaps on 15m candles: 4 filled, 3 expired, 2 open at the end (counted by this replay;
    // the assertions above and below are what make them right).
    expect([f.created, f.filled, f.expired, f.size]).toEqual([9, 4, 3, 2]);
    for (const r of removed) {
      if (r.reason === 'filled') {
        expect(r.gap.filledAt).toBe(r.at);
        const t = trades.find((x) => x.ts >= r.gap.createdAt && (r.gap.fvgType === 'bullish' ? x.price <= r.gap.gapLow : x.price >= r.gap.gapHigh));
        expect(t?.ts).toBe(r.at);
      } else {
        expect(r.at).toBeGreaterThanOrEqual(r.gap.expiresAt);
        expect(r.gap.fillPercentage).toBeLessThan(100);
      }
    }
  });
});
