import type { MarketSpec } from '../../model/market.js';
import type { ValueOf } from '../../util/value-of.js';
import { type Candle, timeframeMs } from '../candle.js';
import { DecimalGrid } from '../profile/decimal-grid.js';
import { candleRejection } from './rejection.js';
import { type SupplyDemandZone, ZoneRemoval, ZoneStatus, ZoneType } from './zone.js';
import { defaultZoneConfig, type ZoneConfig } from './zone-config.js';
import { zoneStrength } from './zone-strength.js';

/** Which zones a nearest-zone query considers, relative to the price. */
export const Reach = {
  Containing: 0,
  AtOrBelow: 1,
  AtOrAbove: 2,
} as const;
export type Reach = ValueOf<typeof Reach>;

/** Fields of a slot of ZoneTracker's query memo: the version it was found at, the prices it holds for, the answer. */
const Q_VERSION = 0;
const Q_LO_IN = 1;
const Q_LO_EX = 2;
const Q_HI_IN = 3;
const Q_HI_EX = 4;
const Q_RESULT = 5;
const Q_STRIDE = 6;

export interface LiveZone {
  readonly zoneId: string;
  readonly type: ZoneType;
  /** Bounds in ticks (inclusive) and as prices. */
  readonly lo: number;
  readonly hi: number;
  readonly priceLow: number;
  readonly priceHigh: number;
  readonly firstSeen: number;
  readonly creationVolume: number;
  readonly volumeRatio: number;
  tests: number;
  /** zoneStrength(tests, volumeRatio), kept with `tests` so the per-trade queries need not recompute it. */
  strength: number;
  /**
   * NaN until the first test (null at the public boundary, `view`): a number from the start, so the field
   * stays a double in place; null first made V8 generalise it when a zone was first tested (a map change,
   * deoptimising the per-trade searches) and box every later write.
   */
  lastTested: number;
  /** Candle bucket (⌊ts / timeframe⌋) of the last counted test. */
  lastTestBucket: number;
  /** Whether the last trade printed inside the zone. */
  inside: boolean;
}

export type ZoneRemovedListener = (zone: SupplyDemandZone, reason: ZoneRemoval) => void;

/**
 * §2.3.2 supply/demand zones of one symbol on one timeframe (15m by default).
 *
 * Creation (`onCandle`, per closed candle of the timeframe): a rejection candle (`candleRejection`)
 * whose volume is more than `volumeSpikeRatio` (1.5) × the average volume of the `volumeLookback` (20)
 * candles before it (candles as the builder emits them; buckets without trades have none). None until
 * 20 candles have been seen. A bullish rejection makes a demand zone over its lower wick
 * [low, open], a bearish one a supply zone over its upper wick [open, high]; price closed outside it.
 *
 * Life (`onTrade`, per trade): a test is a trade printing inside the zone after the previous trade
 * printed outside, counted at most once per candle of the timeframe (re-entries within the same
 * 15-minute bucket as the last counted test are the same test, so a price flickering on the edge does
 * not wear a zone out in seconds). fresh (0 tests) → tested (≥ 1). A trade beyond the far edge (below
 * a demand zone's low, above a supply zone's high, by a tick or more) breaks the zone: it is removed
 * at once (§2.2.7) and reported to `onRemoved` with status `broken`.
 *
 * Cap: after a creation beyond `maxZones` (50), the weakest zone goes, the oldest of equally weak
 * ones — possibly the new zone itself if it is the weakest.
 *
 * Cost: `onTrade` is O(1) while the price stays in the band where no zone can change (kept in ticks,
 * recomputed in O(zones) only when a trade enters, leaves or breaks a zone); no allocation per trade.
 * Queries allocate and are meant for setups.
 *
 * Order per trade: when a trade closes a candle, pass the closed candle to `onCandle` before the trade
 * to `onTrade`, so the new zone sees that trade.
 */
export class ZoneTracker {
  private readonly live: LiveZone[] = [];
  private readonly grid: DecimalGrid;
  private readonly spanMs: number;
  private readonly volumes: Float64Array;
  private volNext = 0;
  private volCount = 0;
  // Ticks at which no zone changes state: nothing to do for a trade in [quietLo, quietHi].
  private quietLo = Number.NEGATIVE_INFINITY;
  private quietHi = Number.POSITIVE_INFINITY;
  /** Bumped on every change to the zone set or a zone (a store syncs when it moves). */
  revision = 0;
  /** Own count of changes (not the public `revision` a caller could reset): keys the query cache below. */
  private version = 0;
  /**
   * The last answer of `nearestIndex` per zone type × reach, with the version and the prices it holds
   * for: Level 2 asks the same question (the 1m candle's extreme) on trade after trade while no zone
   * changes. Each answer holds for prices p with loIn ≤ p, loEx < p, p ≤ hiIn and p < hiEx: the
   * price it was found at, or (issue 14: the 1m extreme moves on most trades of a sparse tape) the
   * span between zone edges where the answer cannot change (see `searchNearest`).
   *
   * One array, a slot of Q_STRIDE per question (see Q_VERSION …), rather than an array per field: a
   * question then reads one or two cache lines, not six arrays' headers and elements, which matters
   * with 100 symbols' state between two trades of one symbol.
   */
  private readonly memo = new Float64Array(6 * Q_STRIDE).fill(-1);
  created = 0;
  broken = 0;
  evicted = 0;

  constructor(
    market: Pick<MarketSpec, 'pricePrecision'>,
    readonly config: ZoneConfig = defaultZoneConfig,
    private readonly onRemoved?: ZoneRemovedListener,
  ) {
    this.grid = new DecimalGrid(market.pricePrecision);
    this.spanMs = timeframeMs[config.timeframe];
    this.volumes = new Float64Array(config.volumeLookback);
  }

  get size(): number {
    return this.live.length;
  }

  /**
   * Feed every closed candle; those of other timeframes are ignored, so all closed candles can be
   * passed. Returns the zone the candle created, if any.
   */
  onCandle(c: Candle): SupplyDemandZone | null {
    if (c.timeframe !== this.config.timeframe) return null;
    const cfg = this.config;
    const n = cfg.volumeLookback;
    let avg = Number.NaN;
    if (this.volCount >= n) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += this.volumes[i] as number;
      avg = sum / n;
    }
    this.volumes[this.volNext] = c.volume;
    this.volNext = (this.volNext + 1) % n;
    if (this.volCount < n) this.volCount += 1;
    if (!(avg > 0)) return null;
    const volumeRatio = c.volume / avg;
    if (!(volumeRatio > cfg.volumeSpikeRatio)) return null;
    const type = candleRejection(c, this.grid, cfg);
    if (type === null) return null;

    const o = this.grid.toUnits(c.open);
    const lo = type === ZoneType.Demand ? this.grid.toUnits(c.low) : o;
    const hi = type === ZoneType.Demand ? o : this.grid.toUnits(c.high);
    const z: LiveZone = {
      zoneId: `sdz-${c.timeframe}-${c.openTime}`,
      type,
      lo,
      hi,
      priceLow: this.grid.fromUnits(lo),
      priceHigh: this.grid.fromUnits(hi),
      firstSeen: c.openTime + this.spanMs,
      creationVolume: c.volume,
      volumeRatio,
      tests: 0,
      strength: zoneStrength(0, volumeRatio, cfg),
      lastTested: Number.NaN,
      lastTestBucket: Number.NaN,
      inside: false,
    };
    this.live.push(z);
    this.created += 1;
    if (this.live.length > cfg.maxZones) this.evictWeakest();
    this.revision += 1;
    this.version += 1;
    this.recomputeQuietBand();
    return this.live.includes(z) ? this.view(z) : null;
  }

  /** Feed every trade of the symbol (after `onCandle` for a candle it closed). */
  onTrade(price: number, ts: number): void {
    this.onTradeOf({ price, ts });
  }

  /**
   * `onTrade(t.price, t.ts)`, taking the trade: the per-trade caller passes the object because a call
   * that is not inlined boxes each double argument (two heap numbers per trade).
   */
  onTradeOf(trade: { readonly price: number; readonly ts: number }): void {
    const ts = trade.ts;
    const t = this.grid.toUnits(trade.price);
    if (t >= this.quietLo && t <= this.quietHi) return;
    const bucket = Math.floor(ts / this.spanMs);
    for (let i = this.live.length - 1; i >= 0; i--) {
      const z = this.live[i] as LiveZone;
      const demand = z.type === ZoneType.Demand;
      if (demand ? t < z.lo : t > z.hi) {
        this.live.splice(i, 1);
        this.broken += 1;
        this.onRemoved?.(this.view(z, ZoneStatus.Broken), ZoneRemoval.Broken);
      } else if (t >= z.lo && t <= z.hi) {
        if (!z.inside) {
          z.inside = true;
          if (bucket !== z.lastTestBucket) {
            z.tests += 1;
            z.strength = zoneStrength(z.tests, z.volumeRatio, this.config);
            z.lastTested = ts;
            z.lastTestBucket = bucket;
          }
        }
      } else z.inside = false;
    }
    this.revision += 1;
    this.version += 1;
    this.recomputeQuietBand();
  }

  /** Whether any live zone is of `type` (no zone is built). */
  hasZoneOf(type: ZoneType): boolean {
    for (let i = 0; i < this.live.length; i++) if ((this.live[i] as LiveZone).type === type) return true;
    return false;
  }

  /** Every live zone, oldest first. */
  zones(): SupplyDemandZone[] {
    return this.live.map((z) => this.view(z));
  }

  /**
   * Zones within `pct` of `price` (distance 0 inside a zone, else to its nearer edge, compared with
   * pct × price), nearest first, stronger first at equal distance.
   */
  zonesNear(price: number, pct = this.config.nearPct): SupplyDemandZone[] {
    const limit = pct * price;
    return this.live
      .filter((z) => distance(z, price) <= limit)
      .map((z) => this.view(z))
      .sort((a, b) => distance(a, price) - distance(b, price) || b.strengthScore - a.strengthScore);
  }

  /** The nearest demand zone at or below `price` (containing it, or wholly below); stronger, then newer, on ties. */
  nearestDemandBelow(price: number): SupplyDemandZone | null {
    return this.viewOrNull(this.nearestIndex(price, ZoneType.Demand, Reach.AtOrBelow));
  }

  /** The nearest supply zone at or above `price` (containing it, or wholly above); stronger, then newer, on ties. */
  nearestSupplyAbove(price: number): SupplyDemandZone | null {
    return this.viewOrNull(this.nearestIndex(price, ZoneType.Supply, Reach.AtOrAbove));
  }

  /**
   * The strongest zone of `side` containing `price` (priceLow ≤ price ≤ priceHigh, as the document's
   * DemandZoneFilter tests it), the newer on ties; null when the price is at no such zone.
   */
  priceAtZone(price: number, side: ZoneType): SupplyDemandZone | null {
    return this.viewOrNull(this.nearestIndex(price, side, Reach.Containing));
  }

  /**
   * The queries above without building the zone: the index of the chosen zone (−1: none), to read with
   * `zoneAt` / `viewAt` before the next `onTrade` or `onCandle`. For the per-trade levels, which only
   * need to know whether a zone is there and build it when a setup fires.
   */
  nearestIndex(price: number, type: ZoneType, reach: Reach): number {
    return this.nearestIndexOf({ price }, type, reach);
  }

  /**
   * `nearestIndex(p.price, type, reach)`, the price in an object the per-trade caller keeps and rewrites:
   * a double argument to a call that is not inlined is boxed, a heap number per call.
   */
  nearestIndexOf(p: { readonly price: number }, type: ZoneType, reach: Reach): number {
    // No zone, no answer: without reading the memo (a cache line per question with 100 symbols).
    if (this.live.length === 0) return -1;
    const price = p.price;
    const q = ((type === ZoneType.Demand ? 0 : 3) + reach) * Q_STRIDE;
    const m = this.memo;
    if (m[q + Q_VERSION] === this.version && (m[q + Q_LO_IN] as number) <= price && (m[q + Q_LO_EX] as number) < price && price <= (m[q + Q_HI_IN] as number) && price < (m[q + Q_HI_EX] as number)) {
      return m[q + Q_RESULT] as number;
    }
    const best = this.searchNearest(p, type, reach, q);
    m[q + Q_VERSION] = this.version;
    m[q + Q_RESULT] = best;
    return best;
  }

  /**
   * The search behind `nearestIndex`; it also writes into slot `q` the prices its answer holds for.
   * Containing: every zone holding the price is at distance 0, so the answer (strength, then the
   * newest, then list order) depends only on which zones hold it, and that set stays while the price
   * stays within the holding zones' bounds and off every other zone of the type. At or below/above with
   * no zone reached: none is while the price stays below every low / above every high. Any other answer
   * depends on distances, so it is kept for its own price only. Bounds are compared, never subtracted:
   * a kept answer is the search's to the bit.
   */
  private searchNearest(p: { readonly price: number }, type: ZoneType, reach: Reach, q: number): number {
    const price = p.price;
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    let bestS = -1;
    let bestSeen = 0;
    let loIn = Number.NEGATIVE_INFINITY;
    let loEx = Number.NEGATIVE_INFINITY;
    let hiIn = Number.POSITIVE_INFINITY;
    let hiEx = Number.POSITIVE_INFINITY;
    const live = this.live;
    for (let i = 0; i < live.length; i++) {
      const z = live[i] as LiveZone;
      if (z.type !== type) continue;
      const low = z.priceLow;
      const high = z.priceHigh;
      // The span around `price` where no zone of the type starts or stops holding it.
      if (high < price) {
        if (high > loEx) loEx = high;
      } else if (low > price) {
        if (low < hiEx) hiEx = low;
      } else {
        if (low > loIn) loIn = low;
        if (high < hiIn) hiIn = high;
      }
      if (reach === Reach.Containing ? !(low <= price && price <= high) : reach === Reach.AtOrBelow ? !(low <= price) : !(high >= price)) continue;
      // distance(z, price), inline: 0 inside, else to the nearer edge.
      const d = price < low ? low - price : price > high ? price - high : 0;
      if (!(d <= bestD)) continue;
      const s = z.strength;
      if (d < bestD || s > bestS || (s === bestS && best >= 0 && z.firstSeen > bestSeen)) {
        best = i;
        bestD = d;
        bestS = s;
        bestSeen = z.firstSeen;
      }
    }
    if (reach === Reach.Containing) this.keepFor(q, loIn, loEx, hiIn, hiEx);
    else if (best < 0 && reach === Reach.AtOrBelow) this.keepFor(q, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, this.lowestLow(type));
    else if (best < 0) this.keepFor(q, Number.NEGATIVE_INFINITY, this.highestHigh(type), Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    else this.keepFor(q, price, Number.NEGATIVE_INFINITY, price, Number.POSITIVE_INFINITY);
    return best;
  }

  private keepFor(q: number, loIn: number, loEx: number, hiIn: number, hiEx: number): void {
    const m = this.memo;
    m[q + Q_LO_IN] = loIn;
    m[q + Q_LO_EX] = loEx;
    m[q + Q_HI_IN] = hiIn;
    m[q + Q_HI_EX] = hiEx;
  }

  /** Lowest low of the live zones of `type` (+∞ with none): below it, no zone of the type is at or below a price. */
  private lowestLow(type: ZoneType): number {
    let lo = Number.POSITIVE_INFINITY;
    for (const z of this.live) if (z.type === type && z.priceLow < lo) lo = z.priceLow;
    return lo;
  }

  /** Highest high of the live zones of `type` (−∞ with none). */
  private highestHigh(type: ZoneType): number {
    let hi = Number.NEGATIVE_INFINITY;
    for (const z of this.live) if (z.type === type && z.priceHigh > hi) hi = z.priceHigh;
    return hi;
  }

  /** The live zone at `index` (from `nearestIndex`), read-only, not copied. */
  zoneAt(index: number): Readonly<LiveZone> {
    return this.live[index] as LiveZone;
  }

  /** The zone at `index` as the queries return it. */
  viewAt(index: number): SupplyDemandZone {
    return this.view(this.live[index] as LiveZone);
  }

  private viewOrNull(index: number): SupplyDemandZone | null {
    return index < 0 ? null : this.view(this.live[index] as LiveZone);
  }

  private evictWeakest(): void {
    let k = 0;
    let weakest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.live.length; i++) {
      const z = this.live[i] as LiveZone;
      const s = zoneStrength(z.tests, z.volumeRatio, this.config);
      // Strictly weaker only: the array is oldest first, so the oldest of equally weak zones stays chosen.
      if (s < weakest) {
        weakest = s;
        k = i;
      }
    }
    const [gone] = this.live.splice(k, 1);
    if (gone === undefined) return;
    this.evicted += 1;
    this.onRemoved?.(this.view(gone), ZoneRemoval.Evicted);
  }

  private recomputeQuietBand(): void {
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (const z of this.live) {
      if (z.inside) {
        // Nothing changes while the price stays inside: leaving it either re-arms or breaks it.
        lo = Math.max(lo, z.lo);
        hi = Math.min(hi, z.hi);
      } else if (z.type === ZoneType.Demand) lo = Math.max(lo, z.hi + 1);
      else hi = Math.min(hi, z.lo - 1);
    }
    this.quietLo = lo;
    this.quietHi = hi;
  }

  private view(z: LiveZone, status?: ZoneStatus): SupplyDemandZone {
    return {
      zoneId: z.zoneId,
      timeframe: this.config.timeframe,
      zoneType: z.type,
      priceLow: z.priceLow,
      priceHigh: z.priceHigh,
      strengthScore: zoneStrength(z.tests, z.volumeRatio, this.config),
      status: status ?? (z.tests === 0 ? ZoneStatus.Fresh : ZoneStatus.Tested),
      testCount: z.tests,
      firstSeen: z.firstSeen,
      lastTested: Number.isNaN(z.lastTested) ? null : z.lastTested,
      creationVolume: z.creationVolume,
      volumeRatio: z.volumeRatio,
    };
  }
}

function distance(z: { priceLow: number; priceHigh: number }, price: number): number {
  return price < z.priceLow ? z.priceLow - price : price > z.priceHigh ? price - z.priceHigh : 0;
}
