import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../faults/random.js';
import type { Candle } from '../candle.js';
import { ZoneConfigSchema } from './zone-config.js';
import { Reach, ZoneTracker } from './zone-tracker.js';
import { ZoneType, type SupplyDemandZone } from './zone.js';

const M15 = 900_000;

/** The repo's seeded generator (Park–Miller), so the stream (and any failure) is the same on every run. */
const rng = (seed: number): (() => number) => {
  const r = new SeededRandom(seed);
  return () => r.next();
};

const cents = (x: number): number => Math.round(x * 100) / 100;

/** The rule of `nearestIndex` written out over the zone list (distance, then strength, then the newer, then list order). */
function reference(zones: readonly SupplyDemandZone[], price: number, type: ZoneType, reach: Reach): string | null {
  let best: SupplyDemandZone | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const z of zones) {
    if (z.zoneType !== type) continue;
    const ok = reach === Reach.Containing ? z.priceLow <= price && price <= z.priceHigh : reach === Reach.AtOrBelow ? z.priceLow <= price : z.priceHigh >= price;
    if (!ok) continue;
    const d = price < z.priceLow ? z.priceLow - price : price > z.priceHigh ? price - z.priceHigh : 0;
    if (d > bestD) continue;
    if (best === null || d < bestD || z.strengthScore > best.strengthScore || (z.strengthScore === best.strengthScore && z.firstSeen > best.firstSeen)) {
      best = z;
      bestD = d;
    }
  }
  return best?.zoneId ?? null;
}

describe('ZoneTracker.nearestIndex with its answers kept between zone edges', () => {
  it('answers as the rule over zones() does, for every type and reach, while prices move a little and a lot', () => {
    const r = rng(1407);
    const z = new ZoneTracker({ pricePrecision: 2 }, ZoneConfigSchema.parse({ volumeLookback: 3, maxZones: 12 }));
    let base = 100;
    const touches: number[] = [];
    let asked = 0;
    const kinds = new Set<string>();
    for (let k = 0; k < 1500; k++) {
      base = cents(Math.max(80, Math.min(120, base + (r() - 0.5) * 0.8)));
      const shape = r();
      const volume = 5 + r() * 35;
      // Bullish rejection (a demand zone when the volume spikes), bearish (supply), or a plain candle.
      const c: Candle =
        shape < 0.3
          ? { timeframe: '15m', openTime: k * M15, open: cents(base + 0.1), high: cents(base + 0.15), low: cents(base - 0.2), close: cents(base + 0.14), volume, buyVolume: volume / 2, sellVolume: volume / 2, trades: 10, buyTrades: 5, sellTrades: 5 }
          : shape < 0.6
            ? { timeframe: '15m', openTime: k * M15, open: base, high: cents(base + 0.4), low: cents(base - 0.07), close: cents(base - 0.05), volume, buyVolume: volume / 2, sellVolume: volume / 2, trades: 10, buyTrades: 5, sellTrades: 5 }
            : { timeframe: '15m', openTime: k * M15, open: base, high: cents(base + 0.2), low: cents(base - 0.1), close: cents(base + 0.1), volume, buyVolume: volume / 2, sellVolume: volume / 2, trades: 10, buyTrades: 5, sellTrades: 5 };
      z.onCandle(c);
      for (let j = 0; j < 6; j++) {
        const ts = (k + 1) * M15 + j * 60_000;
        if (r() < 0.4) z.onTrade(cents(base + (r() - 0.5) * 1.2), ts);
        // A touch asked before (often after the zones changed), one a cent or two away, or a new one.
        const u = r();
        const last = touches.at(-1) ?? base;
        const touch = u < 0.4 && touches.length > 0 ? (touches[Math.floor(r() * touches.length)] as number) : u < 0.7 ? cents(last + (r() < 0.5 ? -0.01 : 0.02)) : cents(base + (r() - 0.5) * 1.5);
        touches.push(touch);
        if (touches.length > 10) touches.shift();
        const zones = z.zones();
        for (const type of [ZoneType.Demand, ZoneType.Supply]) {
          for (const reach of [Reach.Containing, Reach.AtOrBelow, Reach.AtOrAbove]) {
            const i = z.nearestIndex(touch, type, reach);
            const want = reference(zones, touch, type, reach);
            expect(i < 0 ? null : z.viewAt(i).zoneId).toBe(want);
            asked += 1;
            kinds.add(`${reach}:${want === null ? 'none' : 'zone'}`);
          }
        }
      }
    }
    expect(asked).toBeGreaterThan(40_000);
    // Every reach answered both with a zone and with none.
    expect(kinds.size).toBe(6);
  });
});
