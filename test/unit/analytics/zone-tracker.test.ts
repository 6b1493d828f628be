import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Trade, parseTradesText, type Candle, type Timeframe, timeframeMs, CandleBuilder, type SupplyDemandZone, type ZoneRemoval, ZoneConfigSchema, ZoneTracker } from '@cascade/core';

const M15 = 900_000;
const T0 = Date.UTC(2024, 0, 1);
const market = { pricePrecision: 2 };

function candle(k: number, open: number, high: number, low: number, close: number, volume: number): Candle {
  return { timeframe: '15m', openTime: T0 + k * M15, open, high, low, close, volume, buyVolume: volume / 2, sellVolume: volume / 2, trades: 10, buyTrades: 5, sellTrades: 5 };
}
/** An ordinary candle: lower wick 10 ticks = body 10 ticks, no rejection. */
const plain = (k: number, volume = 10) => candle(k, 100, 100.2, 99.9, 100.1, volume);
/** The bullish rejection of the rejection tests: demand zone [99.80, 100.10]. */
const bullish = (k: number, volume: number) => candle(k, 100.1, 100.15, 99.8, 100.14, volume);
/** Bearish rejection: supply zone [100.00, 100.40]. */
const bearish = (k: number, volume: number) => candle(k, 100, 100.4, 99.93, 99.95, volume);

function tracker(overrides: Record<string, unknown> = {}) {
  const removed: { zone: SupplyDemandZone; reason: ZoneRemoval }[] = [];
  const z = new ZoneTracker(market, ZoneConfigSchema.parse({ volumeLookback: 3, ...overrides }), (zone, reason) => removed.push({ zone, reason }));
  return { z, removed };
}

describe('ZoneConfigSchema', () => {
  it('defaults to the document numbers', () => {
    expect(ZoneConfigSchema.parse({})).toEqual({
      timeframe: '15m',
      volumeLookback: 20,
      volumeSpikeRatio: 1.5,
      fullStrengthVolumeRatio: 3,
      wickBodyRatio: 2,
      closeLocation: 0.8,
      maxZones: 50,
      strength: { fresh: 100, tested: 70, weakened: 40, weakenedAtTests: 3 },
      nearPct: 0.001,
    });
  });

  it('rejects unknown keys and a full-strength ratio below the spike ratio', () => {
    expect(() => ZoneConfigSchema.parse({ maxZone: 5 })).toThrow();
    expect(() => ZoneConfigSchema.parse({ volumeSpikeRatio: 2, fullStrengthVolumeRatio: 1.8 })).toThrow(/fullStrengthVolumeRatio/);
  });
});

describe('ZoneTracker', () => {
  it('creates a demand zone, counts two tests, and removes it when broken', () => {
    const { z, removed } = tracker();
    for (const k of [0, 1, 2]) expect(z.onCandle(plain(k))).toBeNull();
    // Candle 3: bullish rejection, volume 22.5 vs the average of candles 0–2 = (10+10+10)/3 = 10 → ratio 2.25 > 1.5.
    // Weight min(1, 2.25 / 3) = 0.75 → fresh strength 100 × 0.75 = 75. Zone = lower wick [low 99.80, open 100.10].
    const created = z.onCandle(bullish(3, 22.5));
    const closeOf3 = T0 + 4 * M15;
    expect(created).toEqual({
      zoneId: `sdz-15m-${T0 + 3 * M15}`,
      timeframe: '15m',
      zoneType: 'demand',
      priceLow: 99.8,
      priceHigh: 100.1,
      strengthScore: 75,
      status: 'fresh',
      testCount: 0,
      firstSeen: closeOf3,
      lastTested: null,
      creationVolume: 22.5,
      volumeRatio: 2.25,
    });

    const at = (sec: number, price: number) => z.onTrade(price, closeOf3 + sec * 1_000);
    at(1, 100.3); // above: nothing
    at(60, 100.05); // enters in bucket 4 → test 1: 70 × 0.75 = 52.5
    expect(z.zones()[0]).toMatchObject({ status: 'tested', testCount: 1, strengthScore: 52.5, lastTested: closeOf3 + 60_000 });
    at(90, 100.2); // leaves
    at(120, 100.1); // back in at the top edge, but in the same 15-min bucket as test 1: the same test
    expect(z.zones()[0]?.testCount).toBe(1);
    at(16 * 60, 100.25); // leaves (bucket 5)
    at(17 * 60, 99.95); // enters in bucket 5 → test 2: still 1–2 tests → 52.5
    at(18 * 60, 99.8); // bottom edge: still inside
    expect(z.zones()[0]).toMatchObject({ testCount: 2, strengthScore: 52.5, lastTested: closeOf3 + 17 * 60_000 });
    expect(removed).toHaveLength(0);

    at(19 * 60, 99.79); // one tick below the low: broken, removed at once
    expect(z.size).toBe(0);
    expect(removed).toEqual([{ zone: expect.objectContaining({ zoneType: 'demand', status: 'broken', testCount: 2 }), reason: 'broken' }]);
    expect([z.created, z.broken, z.evicted]).toEqual([1, 1, 0]);
  });

  it('weakens a zone to 40 on its third test and mirrors everything for supply', () => {
    const { z, removed } = tracker();
    for (const k of [0, 1, 2]) z.onCandle(plain(k));
    // Volume 30 / average 10 = 3 → weight min(1, 3/3) = 1. Supply zone = upper wick [open 100.00, high 100.40].
    expect(z.onCandle(bearish(3, 30))).toMatchObject({ zoneType: 'supply', priceLow: 100, priceHigh: 100.4, strengthScore: 100 });
    const start = T0 + 4 * M15;
    const strengths: number[] = [];
    for (let b = 0; b < 3; b++) {
      z.onTrade(99.9, start + b * M15 + 1_000); // below: outside
      z.onTrade(100.2, start + b * M15 + 2_000); // in: test b+1
      strengths.push(z.zones()[0]?.strengthScore ?? -1);
    }
    // tests 1, 2, 3 → 70, 70, 40 (× weight 1)
    expect(strengths).toEqual([70, 70, 40]);
    z.onTrade(100.41, start + 3 * M15); // above the high: broken
    expect(removed.map((r) => [r.zone.zoneType, r.zone.testCount, r.reason])).toEqual([['supply', 3, 'broken']]);
  });

  it('needs a volume spike strictly above 1.5× the average of the previous candles, and a full lookback', () => {
    const { z } = tracker();
    z.onCandle(plain(0));
    z.onCandle(plain(1));
    expect(z.onCandle(bullish(2, 100))).toBeNull(); // only 2 candles before it: no average yet
    // average of candles 0, 1, 2 = (10 + 10 + 100)/3 = 40; 60/40 = 1.5, not > 1.5
    expect(z.onCandle(bullish(3, 60))).toBeNull();
    // average of 1, 2, 3 = (10 + 100 + 60)/3 = 56.67; 86/56.67 = 1.518 > 1.5
    expect(z.onCandle(bullish(4, 86))).not.toBeNull();
    // other timeframes are ignored
    expect(z.onCandle({ ...bullish(5, 1_000), timeframe: '1m' })).toBeNull();
  });

  it('keeps at most maxZones: the weakest goes, the oldest of equally weak ones, the new one if it is weakest', () => {
    const { z, removed } = tracker({ volumeLookback: 1, maxZones: 2 });
    // Each rejection follows a plain candle of volume 10, so its ratio is volume / 10.
    const make = (k: number, volume: number) => {
      z.onCandle(plain(2 * k));
      return z.onCandle(bullish(2 * k + 1, volume));
    };
    make(0, 30); // A: ratio 3 → 100
    make(1, 22.5); // B: ratio 2.25 → 75
    make(2, 30); // C: 100 → 3 zones > 2: B (75) goes
    expect(removed.map((r) => [r.zone.strengthScore, r.reason])).toEqual([[75, 'evicted']]);
    make(3, 30); // D: 100; A, C, D all 100 → the oldest, A, goes
    expect(removed[1]?.zone.zoneId).toBe(`sdz-15m-${T0 + 1 * M15}`);
    // E: ratio 1.8 → 100 × 1.8/3 = 60, weaker than C and D: it is evicted at birth
    expect(make(4, 18)).toBeNull();
    expect(removed[2]?.zone).toMatchObject({ zoneId: `sdz-15m-${T0 + 9 * M15}`, strengthScore: 60 });
    expect(z.zones().map((x) => x.zoneId)).toEqual([`sdz-15m-${T0 + 5 * M15}`, `sdz-15m-${T0 + 7 * M15}`]);
  });

  it('answers where the zones are', () => {
    const { z } = tracker({ volumeLookback: 1 });
    z.onCandle(plain(0));
    z.onCandle(bullish(1, 30)); // demand Dz [99.80, 100.10]
    z.onCandle(plain(2));
    z.onCandle(candle(3, 101, 101.4, 100.93, 100.95, 30)); // supply Sz [101.00, 101.40] (the bearish shape + 1.00)
    z.onCandle(plain(4));
    z.onCandle(candle(5, 99.3, 99.35, 99, 99.34, 30)); // demand D2 [99.00, 99.30] (the bullish shape − 0.80)
    expect(z.zones().map((x) => [x.zoneType, x.priceLow, x.priceHigh])).toEqual([
      ['demand', 99.8, 100.1],
      ['supply', 101, 101.4],
      ['demand', 99, 99.3],
    ]);
    expect(z.priceAtZone(100, 'demand')?.priceLow).toBe(99.8);
    expect(z.priceAtZone(100.1, 'demand')?.priceLow).toBe(99.8); // edges are in
    expect(z.priceAtZone(100.11, 'demand')).toBeNull();
    expect(z.priceAtZone(100, 'supply')).toBeNull();
    // From 100.50: Dz is 0.40 below, D2 1.20 below → Dz; from 99.50 Dz (low 99.80) is above → D2.
    expect(z.nearestDemandBelow(100.5)?.priceLow).toBe(99.8);
    expect(z.nearestDemandBelow(99.5)?.priceLow).toBe(99);
    expect(z.nearestDemandBelow(98)).toBeNull();
    expect(z.nearestSupplyAbove(100.5)?.priceLow).toBe(101);
    expect(z.nearestSupplyAbove(101.5)).toBeNull();
    // 0.1 % of 100.15 = 0.10015: Dz is 0.05 away, Sz 0.85, D2 0.85.
    expect(z.zonesNear(100.15).map((x) => x.priceLow)).toEqual([99.8]);
    // 0.5 % of 100.50 = 0.5025: Dz 0.40 away, Sz 0.50 → both, nearest first; D2 1.20 is out.
    expect(z.zonesNear(100.5, 0.005).map((x) => x.priceLow)).toEqual([99.8, 101]);
  });

  it('agrees with a plain re-evaluation of every zone on every trade (property)', () => {
    // The tracker skips trades in its quiet band; the reference below checks every zone on every trade.
    fc.assert(
      fc.property(fc.array(fc.record({ dt: fc.integer({ min: 1, max: 20 * 60_000 }), tick: fc.integer({ min: 9_960, max: 10_060 }) }), { maxLength: 150 }), (moves) => {
        const { z, removed } = tracker({ volumeLookback: 1 });
        z.onCandle(plain(0));
        z.onCandle(bullish(1, 30));
        z.onCandle(plain(2));
        z.onCandle(bearish(3, 30));
        const ref = new ReferenceZones(z.zones(), '15m');
        let ts = T0 + 4 * M15;
        for (const m of moves) {
          ts += m.dt;
          z.onTrade(m.tick / 100, ts);
          ref.onTrade(m.tick, ts);
        }
        expect(z.zones().map((x) => [x.zoneId, x.testCount, x.lastTested])).toEqual(ref.live.map((x) => [x.zoneId, x.tests, x.lastTested]));
        expect(removed.map((r) => r.zone.zoneId).sort()).toEqual(ref.broken.sort());
      }),
      { numRuns: 300 },
    );
  });
});

/** The zone rules evaluated naively, in ticks of 2 decimals, for zones created elsewhere. */
class ReferenceZones {
  live: { zoneId: string; type: string; lo: number; hi: number; tests: number; lastTested: number | null; bucket: number; inside: boolean }[];
  broken: string[] = [];
  constructor(
    zones: readonly SupplyDemandZone[],
    private readonly tf: Timeframe,
  ) {
    this.live = zones.map((x) => ({ zoneId: x.zoneId, type: x.zoneType, lo: Math.round(x.priceLow * 100), hi: Math.round(x.priceHigh * 100), tests: 0, lastTested: null, bucket: -1, inside: false }));
  }
  onTrade(tick: number, ts: number): void {
    for (const x of [...this.live]) {
      if ((x.type === 'demand' && tick < x.lo) || (x.type === 'supply' && tick > x.hi)) {
        this.live = this.live.filter((y) => y !== x);
        this.broken.push(x.zoneId);
        continue;
      }
      const inside = tick >= x.lo && tick <= x.hi;
      const bucket = Math.floor(ts / timeframeMs[this.tf]);
      if (inside && !x.inside && bucket !== x.bucket) {
        x.tests += 1;
        x.lastTested = ts;
        x.bucket = bucket;
      }
      x.inside = inside;
    }
  }
}

// One real tape: the defaults (15m, ≤ 50 zones; it makes 3 zones, all broken later), and 1m candles with
// a cap of 3 (it makes 31 zones and holds up to 5 at once uncapped), so the cap works on real data too.
describe.each<[Timeframe, number]>([
  ['15m', 50],
  ['1m', 3],
])('ZoneTracker over binance-xrpeth-trades-2019-10 on %s candles, at most %i zones', (tf, maxZones) => {
  it('keeps the cap, never a broken zone, and each removal was a real break or an eviction', () => {
    const url = new URL('../../../sample-data/tapes/binance-xrpeth-trades-2019-10.json.gz', import.meta.url);
    const trades = parseTradesText('ccxt-json', gunzipSync(readFileSync(url)).toString('utf8')).trades;
    const removed: { zone: SupplyDemandZone; reason: ZoneRemoval; at: number }[] = [];
    let now = 0;
    const z = new ZoneTracker({ pricePrecision: 8 }, ZoneConfigSchema.parse({ timeframe: tf, maxZones }), (zone, reason) => removed.push({ zone, reason, at: now }));
    const builder = new CandleBuilder(tf, 10);
    let maxSize = 0;
    for (const t of trades) {
      now = t.ts;
      const closed = builder.update(t);
      if (closed) z.onCandle(closed);
      z.onTrade(t.price, t.ts);
      maxSize = Math.max(maxSize, z.size);
      for (const zone of z.zones()) expect(zone.status).not.toBe('broken');
    }
    expect(z.created).toBeGreaterThan(0);
    expect(maxSize).toBeLessThanOrEqual(maxZones);
    if (maxZones === 3) expect(z.evicted).toBeGreaterThan(0);
    else expect(z.broken).toBeGreaterThan(0);
    // Every live zone: no trade since it was born printed beyond its far edge.
    for (const zone of z.zones()) expect(trades.some((t) => t.ts >= zone.firstSeen && beyond(zone, t))).toBe(false);
    // Every zone removed as broken: the trade that removed it printed beyond its far edge, none before it did.
    for (const r of removed.filter((x) => x.reason === 'broken')) {
      const first = trades.find((t) => t.ts >= r.zone.firstSeen && beyond(r.zone, t));
      expect(first?.ts).toBe(r.at);
    }
    expect(removed.length).toBe(z.broken + z.evicted);
    expect(z.created - removed.length).toBe(z.size);
  });
});

function beyond(zone: SupplyDemandZone, t: Trade): boolean {
  return zone.zoneType === 'demand' ? t.price < zone.priceLow : t.price > zone.priceHigh;
}
