import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { type Candle, type Timeframe, timeframeMs } from './candle.js';
import { CandleBuilder, foldCandles } from './candle-builder.js';

/*
 * Amounts are k/1024 with 1 ≤ k ≤ 2^20, and a stream holds at most 400 trades, so every partial sum
 * is a multiple of 2^-10 below 400·2^10 < 2^19: it needs fewer than 30 significant bits, well inside a
 * double's 53, so every addition is exact whatever the order. That is what lets these tests say
 * "equal" with === (toBe/toEqual): a 5m candle sums its trades one by one, a fold of 1m candles sums
 * per-minute subtotals, and only exact arithmetic makes the two agree bit for bit. With decimal
 * amounts (0.1, 0.2…) they would differ in the last bits and the property would be about rounding,
 * not about the candles. Prices are arbitrary doubles: candles only compare and copy them.
 */
const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const TFS: readonly Timeframe[] = ['1m', '5m', '15m'];

// fast-check biases integers toward small values; half the gaps are drawn unbiased so streams span
// many buckets, not just a few milliseconds.
const tradeRow = (maxGapMs: number) =>
  fc.record({
    dt: fc.oneof(fc.integer({ min: 0, max: maxGapMs }), fc.noBias(fc.integer({ min: 0, max: maxGapMs }))),
    price: fc.double({ min: 1e-6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
    k: fc.integer({ min: 1, max: 2 ** 20 }),
    buy: fc.boolean(),
  });

type Row = { dt: number; price: number; k: number; buy: boolean };

function toTrades(rows: readonly Row[], start: number): Trade[] {
  let ts = start;
  return rows.map((r, i) => {
    ts += r.dt;
    return { id: String(i), ts, price: r.price, amount: r.k / 1024, side: r.buy ? 'buy' : 'sell', sideInferred: false };
  });
}

interface Built {
  builder: CandleBuilder;
  /** Candles in the order `update` returned them as closed. */
  closed: Candle[];
}

function build(trades: readonly Trade[]): Record<Timeframe, Built> {
  const out = {} as Record<Timeframe, Built>;
  for (const tf of TFS) out[tf] = { builder: new CandleBuilder(tf, 100_000), closed: [] };
  for (const t of trades) {
    for (const tf of TFS) {
      const c = out[tf].builder.update(t);
      if (c !== null) out[tf].closed.push(c);
    }
  }
  return out;
}

const all = (b: Built): Candle[] => (b.builder.open === null ? [...b.closed] : [...b.closed, b.builder.open]);
const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);

describe('CandleBuilder properties (fast-check)', () => {
  // Start times cover several UTC offsets into a 15-minute bucket; gaps up to 20 min leave empty buckets.
  const stream = fc.tuple(fc.integer({ min: 0, max: 900_000 }), fc.array(tradeRow(1_200_000), { minLength: 1, maxLength: 400 }));

  it('conserves volume and counts across timeframes, and buy + sell = total in every candle', () => {
    fc.assert(
      fc.property(stream, ([offset, rows]) => {
        const trades = toTrades(rows, T0 + offset);
        const built = build(trades);
        const volume = sum(trades.map((t) => t.amount));
        const buyVolume = sum(trades.filter((t) => t.side === 'buy').map((t) => t.amount));
        for (const tf of TFS) {
          const cs = all(built[tf]);
          expect(sum(cs.map((c) => c.volume))).toBe(volume);
          expect(sum(cs.map((c) => c.buyVolume))).toBe(buyVolume);
          expect(sum(cs.map((c) => c.trades))).toBe(trades.length);
          for (const c of cs) {
            expect(c.buyVolume + c.sellVolume).toBe(c.volume);
            expect(c.buyTrades + c.sellTrades).toBe(c.trades);
            expect(c.trades).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps low ≤ open, close ≤ high, UTC alignment and time order in every candle', () => {
    fc.assert(
      fc.property(stream, ([offset, rows]) => {
        const trades = toTrades(rows, T0 + offset);
        const built = build(trades);
        for (const tf of TFS) {
          const cs = all(built[tf]);
          expect(built[tf].builder.history).toEqual(built[tf].closed);
          cs.forEach((c, i) => {
            expect(c.low).toBeLessThanOrEqual(c.open);
            expect(c.low).toBeLessThanOrEqual(c.close);
            expect(c.open).toBeLessThanOrEqual(c.high);
            expect(c.close).toBeLessThanOrEqual(c.high);
            expect(c.openTime % timeframeMs[tf]).toBe(0);
            if (i > 0) expect(c.openTime).toBeGreaterThan((cs[i - 1] as Candle).openTime);
            // Brute force from the trades of the bucket.
            const inBucket = trades.filter((t) => t.ts >= c.openTime && t.ts < c.openTime + timeframeMs[tf]);
            expect(c.open).toBe(inBucket[0]?.price);
            expect(c.close).toBe(inBucket[inBucket.length - 1]?.price);
            expect(c.high).toBe(Math.max(...inBucket.map((t) => t.price)));
            expect(c.low).toBe(Math.min(...inBucket.map((t) => t.price)));
            expect(c.trades).toBe(inBucket.length);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('folds lower-timeframe candles into exactly the higher-timeframe candles (with empty buckets)', () => {
    fc.assert(
      fc.property(stream, ([offset, rows]) => {
        const built = build(toTrades(rows, T0 + offset));
        // Closed and open candles together: the open one folds like the rest.
        expect(foldCandles(all(built['1m']), '5m')).toEqual(all(built['5m']));
        expect(foldCandles(all(built['1m']), '15m')).toEqual(all(built['15m']));
        expect(foldCandles(all(built['5m']), '15m')).toEqual(all(built['15m']));
        expect(foldCandles(all(built['1m']), '1m')).toEqual(all(built['1m']));
      }),
      { numRuns: 300 },
    );
  });

  it('folds the five closed 1m candles of every closed 5m candle into it exactly', () => {
    // Gaps ≤ 60 s leave no minute without a trade, so every closed 5m candle has all five minutes.
    const dense = fc.tuple(fc.integer({ min: 0, max: 300_000 }), fc.array(tradeRow(60_000), { minLength: 50, maxLength: 400 }));
    let fullBuckets = 0;
    fc.assert(
      fc.property(dense, ([offset, rows]) => {
        const trades = toTrades(rows, T0 + offset);
        const built = build(trades);
        const closed1m = built['1m'].closed;
        const firstTs = (trades[0] as Trade).ts;
        for (const big of built['5m'].closed) {
          if (big.openTime < firstTs) continue; // the stream may start mid-bucket
          const parts = closed1m.filter((c) => c.openTime >= big.openTime && c.openTime < big.openTime + 300_000);
          expect(parts).toHaveLength(5);
          expect(foldCandles(parts, '5m')).toEqual([big]);
          fullBuckets += 1;
        }
      }),
      { numRuns: 300 },
    );
    // The property must have been exercised, not vacuously true.
    expect(fullBuckets).toBeGreaterThan(100);
  });
});
