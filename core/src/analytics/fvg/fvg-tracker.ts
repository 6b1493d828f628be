import type { MarketSpec } from '../../model/market.js';
import { type Candle, timeframeMs } from '../candle.js';
import { DecimalGrid } from '../profile/decimal-grid.js';
import { type FairValueGap, FvgRemoval, FvgType } from './fair-value-gap.js';
import { defaultFvgConfig, type FvgConfig } from './fvg-config.js';
import { GapRows } from './gap-rows.js';

export type FvgRemovedListener = (gap: FairValueGap, reason: FvgRemoval) => void;

/**
 * §2.3.2 fair value gaps of one symbol on one timeframe (15m by default).
 *
 * Creation (`onCandle`, per closed candle): candles 1, 2, 3 are the last three closed candles as the
 * builder emits them. Bullish when c1.high < c3.low, gap [c1.high, c3.low]; bearish when
 * c1.low > c3.high, gap [c3.high, c1.low]; kept when gap / reference ≥ minGapPct (0.2 %), the reference
 * being candle 1's edge of the gap (c1.high bullish, c1.low bearish). Compared in integer ticks.
 *
 * Fill: price coming back into the gap fills it from the side it left: a bullish gap fills downwards
 * from its high, a bearish one upwards from its low. fillPercentage = 100 × (ticks traded into the gap)
 * / (gap ticks), from the deepest trade since creation. At 100 % (a trade at or beyond the far edge)
 * the gap is filled and removed at once (§2.2.7). Fed by trades (`onTrade`); a closed candle's range
 * fills too, so candles alone (warm-up from OHLCV history) also work and feeding both changes nothing.
 *
 * Expiry: a gap not filled by createdAt + expiryMs (24 h, tape time) is removed at the first update at
 * or after it, reported as `expired`.
 *
 * Cost: `onTrade` is O(1) while no gap fills further (price above every bullish gap's deepest trade and
 * below every bearish one's) and before the next expiry; O(gaps) otherwise. No allocation per trade.
 */
export class FvgTracker {
  /** The open gaps, oldest first (see GapRows). */
  private readonly live = new GapRows();
  private readonly grid: DecimalGrid;
  private readonly spanMs: number;
  // Highs and lows (ticks) of the two candles before the next one.
  private h1 = Number.NaN;
  private l1 = Number.NaN;
  private h2 = Number.NaN;
  private l2 = Number.NaN;
  private quietLo = Number.NEGATIVE_INFINITY;
  private quietHi = Number.POSITIVE_INFINITY;
  private nextExpiry = Number.POSITIVE_INFINITY;
  /** Bumped on every change to the gap set or a gap's fill. */
  revision = 0;
  /**
   * `newestGapIndexAt`'s last answer per type (bullish, bearish): revision, the lowest and highest tick
   * it holds for, index (revision −1: none yet). See `newestGapIndexOf`.
   */
  private readonly gapMemo = new Float64Array([-1, 0, -1, -1, -1, 0, -1, -1]);
  created = 0;
  filled = 0;
  expired = 0;

  constructor(
    market: Pick<MarketSpec, 'pricePrecision'>,
    readonly config: FvgConfig = defaultFvgConfig,
    private readonly onRemoved?: FvgRemovedListener,
  ) {
    this.grid = new DecimalGrid(market.pricePrecision);
    this.spanMs = timeframeMs[config.timeframe];
  }

  get size(): number {
    return this.live.n;
  }

  /**
   * Feed every closed candle (other timeframes are ignored). Its range first fills and its close time
   * expires existing gaps; then it is tested as candle 3. Returns the gap it created, if any.
   */
  onCandle(c: Candle): FairValueGap | null {
    return this.addCandle(c) ? this.view(this.live.n - 1, null) : null;
  }

  /**
   * `onCandle` without building the created gap's view, for a caller that reads gaps by query (issue 14:
   * SymbolAnalytics drops it, and a 15m candle creates a gap on ~40 % of planted candles).
   */
  onCandleQuiet(c: Candle): void {
    this.addCandle(c);
  }

  /** Whether the candle created a gap (the newest row). */
  private addCandle(c: Candle): boolean {
    if (c.timeframe !== this.config.timeframe) return false;
    const closeTs = c.openTime + this.spanMs;
    const h = this.grid.toUnits(c.high);
    const l = this.grid.toUnits(c.low);
    if (closeTs >= this.nextExpiry) this.expire(closeTs);
    if (l < this.quietLo || h > this.quietHi) {
      this.fill(l, closeTs);
      this.fill(h, closeTs);
    }
    const h1 = this.h2; // two candles back: candle 1
    const l1 = this.l2;
    this.h2 = this.h1;
    this.l2 = this.l1;
    this.h1 = h;
    this.l1 = l;
    if (Number.isNaN(h1)) return false;

    let type: FvgType;
    let lo: number;
    let hi: number;
    let ref: number;
    if (h1 < l) {
      type = FvgType.Bullish;
      lo = h1;
      hi = l;
      ref = h1;
    } else if (l1 > h) {
      type = FvgType.Bearish;
      lo = h;
      hi = l1;
      ref = l1;
    } else return false;
    // Integer ticks divided once: a gap of exactly 0.2 % on the tick grid divides to the double 0.002.
    const gapPct = (hi - lo) / ref;
    if (!(gapPct >= this.config.minGapPct)) return false;
    this.live.push(type === FvgType.Bullish, lo, hi, gapPct, closeTs, closeTs + this.config.expiryMs);
    this.created += 1;
    this.revision += 1;
    this.recompute();
    return true;
  }

  /** Feed every trade of the symbol (after `onCandle` for a candle it closed). */
  onTrade(price: number, ts: number): void {
    this.onTradeOf({ price, ts });
  }

  /** `onTrade(t.price, t.ts)`, taking the trade: see ZoneTracker.onTradeOf (no boxed arguments per trade). */
  onTradeOf(trade: { readonly price: number; readonly ts: number }): void {
    const ts = trade.ts;
    if (ts >= this.nextExpiry) this.expire(ts);
    const t = this.grid.toUnits(trade.price);
    if (t >= this.quietLo && t <= this.quietHi) return;
    this.fill(t, ts);
  }

  /** Every open gap, oldest first. */
  /** Whether any open gap is of `type` (no gap is built). */
  hasGapOf(type: FvgType): boolean {
    const r = this.live;
    const want = type === FvgType.Bullish ? 1 : 0;
    for (let i = 0; i < r.n; i++) if (r.bullish[i] === want) return true;
    return false;
  }

  gaps(type?: FvgType): FairValueGap[] {
    const out: FairValueGap[] = [];
    for (let i = 0; i < this.live.n; i++) if (type === undefined || this.typeAt(i) === type) out.push(this.view(i, null));
    return out;
  }

  /** The newest open gap of `type` containing `price`, without building the list (the per-trade Level 2 check). */
  newestGapAt(price: number, type: FvgType): FairValueGap | null {
    const i = this.newestGapIndexAt(price, type);
    return i < 0 ? null : this.view(i, null);
  }

  /**
   * `newestGapAt` without building the gap: its index (−1: none), for `gapAt` before the next trade or
   * candle. The last answer per type is kept with the `revision` and the span of ticks it holds for:
   * Level 2 asks with the 1m candle's low or high, and every change to the gap list bumps the revision
   * (issue 14: the scan of ~40 gaps, for both sides, on nearly every trade). Keyed on the exact price,
   * the answer was scanned again on almost every trade of a sparse tape, where a 1m candle of five
   * trades moves its extreme on most of them; between gap edges the answer cannot change.
   */
  newestGapIndexAt(price: number, type: FvgType): number {
    return this.newestGapIndexOf({ price }, type);
  }

  /** `newestGapIndexAt(p.price, type)`, the price in the caller's object: see ZoneTracker.nearestIndexOf (no boxed argument). */
  newestGapIndexOf(p: { readonly price: number }, type: FvgType): number {
    const u = this.grid.toUnits(p.price);
    const q = type === FvgType.Bullish ? 0 : 4;
    const memo = this.gapMemo;
    if (memo[q] === this.revision && (memo[q + 1] as number) <= u && u <= (memo[q + 2] as number)) return memo[q + 3] as number;
    // The answer stands while the tick stays inside the gap found (if any) and outside every newer gap of
    // the type (every gap, with none found): older gaps cannot displace the newest containing one. Ticks
    // are integers, so the span is kept inclusive, one tick inside each bound that excludes.
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    let found = -1;
    const r = this.live;
    const want = type === FvgType.Bullish ? 1 : 0;
    for (let i = r.n - 1; i >= 0; i--) {
      if (r.bullish[i] !== want) continue;
      const gLo = r.lo[i] as number;
      const gHi = r.hi[i] as number;
      if (gLo <= u && u <= gHi) {
        found = i;
        if (gLo > lo) lo = gLo;
        if (gHi < hi) hi = gHi;
        break;
      }
      if (gHi < u) {
        if (gHi + 1 > lo) lo = gHi + 1;
      } else if (gLo - 1 < hi) hi = gLo - 1;
    }
    memo[q] = this.revision;
    memo[q + 1] = lo;
    memo[q + 2] = hi;
    memo[q + 3] = found;
    return found;
  }

  /**
   * The open gap a trade at `price` points at, by index (−1: none), without building any gap: the
   * newest of the side's type holding the price (gapLow ≤ price ≤ gapHigh, as `gapsAt`), else the gap of
   * any type whose unfilled part starts ahead of the price (above for a long, below for a short) within
   * `range` × price, the nearest, the older on ties (as a scan of `gaps()`). Edges are compared as the
   * views print them (`fromUnits`), so the answer is the list scan's to the bit.
   */
  directionGapIndex(price: number, long: boolean, range: number): number {
    const r = this.live;
    const want = long ? 1 : 0;
    for (let i = r.n - 1; i >= 0; i--) {
      if (r.bullish[i] === want && this.grid.fromUnits(r.lo[i] as number) <= price && price <= this.grid.fromUnits(r.hi[i] as number)) return i;
    }
    let best = -1;
    let bestD = Number.NaN;
    for (let i = 0; i < r.n; i++) {
      const bullish = r.bullish[i] === 1;
      const edge = r.edge[i] as number;
      const d = long ? this.grid.fromUnits(bullish ? (r.lo[i] as number) : edge) - price : price - this.grid.fromUnits(bullish ? edge : (r.hi[i] as number));
      if (d > 0 && d <= price * range && (best < 0 || d < bestD)) {
        best = i;
        bestD = d;
      }
    }
    return best;
  }

  /** The open gap at `index` (from `newestGapIndexAt`). */
  gapAt(index: number): FairValueGap {
    return this.view(index, null);
  }


  /** Open gaps with gapLow ≤ price ≤ gapHigh (the document's FairValueGapFilter test), newest first. */
  gapsAt(price: number, type?: FvgType): FairValueGap[] {
    return this.gaps(type)
      .filter((g) => g.gapLow <= price && price <= g.gapHigh)
      .reverse();
  }

  /** The open gap nearest to `price` (0 inside it, else to its nearer edge), the newer on ties. */
  nearestGap(price: number, type?: FvgType): FairValueGap | null {
    let best: FairValueGap | null = null;
    let bestD = Number.POSITIVE_INFINITY;
    for (const g of this.gaps(type)) {
      const d = price < g.gapLow ? g.gapLow - price : price > g.gapHigh ? price - g.gapHigh : 0;
      if (d <= bestD) {
        best = g;
        bestD = d;
      }
    }
    return best;
  }

  private fill(t: number, ts: number): void {
    const r = this.live;
    let changed = false;
    let removed = 0;
    for (let i = r.n - 1; i >= 0; i--) {
      const bullish = r.bullish[i] === 1;
      const edge = r.edge[i] as number;
      if (bullish ? t >= edge : t <= edge) continue;
      changed = true;
      const gLo = r.lo[i] as number;
      const gHi = r.hi[i] as number;
      const done = bullish ? t <= gLo : t >= gHi;
      r.edge[i] = bullish ? Math.max(t, gLo) : Math.min(t, gHi);
      if (done) {
        r.drop(i);
        removed += 1;
      }
    }
    if (removed > 0) this.removeDropped(ts, FvgRemoval.Filled);
    if (changed) {
      this.revision += 1;
      this.recompute();
    }
  }

  private expire(ts: number): void {
    const r = this.live;
    let removed = 0;
    for (let i = r.n - 1; i >= 0; i--) {
      if (ts < (r.expiresAt[i] as number)) continue;
      r.drop(i);
      removed += 1;
    }
    if (removed > 0) this.removeDropped(null, FvgRemoval.Expired);
    this.revision += 1;
    this.recompute();
  }

  /**
   * Sweeps the rows `drop` marked, counting them as `reason`; the listener (if any) hears of each after
   * the sweep, newest first as they were found, with the view built before (it reads the row).
   */
  private removeDropped(filledAt: number | null, reason: FvgRemoval): void {
    const r = this.live;
    const listener = this.onRemoved;
    let views: FairValueGap[] | null = null;
    let count = 0;
    for (let i = r.n - 1; i >= 0; i--) {
      if (!r.isDropped(i)) continue;
      count += 1;
      if (listener !== undefined) (views ??= []).push(this.view(i, filledAt));
    }
    r.sweep();
    if (reason === FvgRemoval.Filled) this.filled += count;
    else this.expired += count;
    if (views !== null && listener !== undefined) for (const v of views) listener(v, reason);
  }

  private recompute(): void {
    const r = this.live;
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    let exp = Number.POSITIVE_INFINITY;
    for (let i = 0; i < r.n; i++) {
      const edge = r.edge[i] as number;
      if (r.bullish[i] === 1) lo = Math.max(lo, edge);
      else hi = Math.min(hi, edge);
      exp = Math.min(exp, r.expiresAt[i] as number);
    }
    this.quietLo = lo;
    this.quietHi = hi;
    this.nextExpiry = exp;
  }

  private typeAt(i: number): FvgType {
    return this.live.bullish[i] === 1 ? FvgType.Bullish : FvgType.Bearish;
  }

  /** The gap in row `i` as §2.2.7 prints it. */
  private view(i: number, filledAt: number | null): FairValueGap {
    const r = this.live;
    const bullish = r.bullish[i] === 1;
    const lo = r.lo[i] as number;
    const hi = r.hi[i] as number;
    const edge = r.edge[i] as number;
    const createdAt = r.createdAt[i] as number;
    const size = hi - lo;
    const into = bullish ? hi - edge : edge - lo;
    let id = r.ids[i] ?? null;
    if (id === null) {
      // Candle 3 opened one span before the gap's creation (its close): exact in integer milliseconds.
      id = `fvg-${this.config.timeframe}-${createdAt - this.spanMs}`;
      r.ids[i] = id;
    }
    return {
      fvgId: id,
      timeframe: this.config.timeframe,
      fvgType: bullish ? FvgType.Bullish : FvgType.Bearish,
      gapLow: this.grid.fromUnits(lo),
      gapHigh: this.grid.fromUnits(hi),
      gapPct: r.gapPct[i] as number,
      createdAt,
      expiresAt: r.expiresAt[i] as number,
      filledAt,
      fillPercentage: (100 * into) / size,
      unfilledLow: this.grid.fromUnits(bullish ? lo : edge),
      unfilledHigh: this.grid.fromUnits(bullish ? edge : hi),
    };
  }
}
