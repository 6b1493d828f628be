import type { MarketSpec } from '../../model/market.js';
import type { TradeWindow } from '../trade-window.js';
import { BinTable } from './bin-table.js';
import { DenseRows } from './dense-rows.js';
import { DecimalGrid } from './decimal-grid.js';
import { defaultMarketProfileConfig, type MarketProfileConfig } from './profile-config.js';
import { emptyValueArea, valueAreaInto } from './value-area.js';

export interface MarketProfileSnapshot {
  readonly windowMs: number;
  /** Price width of one bin: binTicks × the market's tick. */
  readonly binSize: number;
  /** Point of control: the middle of the POC bin (the traded price itself with one-tick bins). */
  readonly poc: number;
  /** Lowest tick of the lowest value-area bin. */
  readonly valueAreaLow: number;
  /** Highest tick of the highest value-area bin (inclusive: a trade can print at it). */
  readonly valueAreaHigh: number;
  readonly pocVolume: number;
  readonly valueAreaVolume: number;
  readonly totalVolume: number;
  readonly trades: number;
}

/** One row of the profile, for `market_profile.profile_data` (§2.2.7). */
export interface ProfileBin {
  /** First and last tick of the bin. */
  readonly low: number;
  readonly high: number;
  readonly volume: number;
  readonly trades: number;
}

/**
 * §2.2.2 / §2.3.2 market profile over the trailing `windowMs` (15 min) of one symbol's trades, kept
 * incrementally over the shared TradeWindow: each appended trade adds its volume to its bin, each
 * trade leaving the window subtracts it. Value area and POC rules: see `valueArea`.
 *
 * Binning is exact: price → integer tick (DecimalGrid) → bin = ⌊tick / binTicks⌋ in integer arithmetic;
 * bin b holds ticks b·binTicks … b·binTicks + binTicks − 1. Volumes are kept in integer lots of the
 * market's amount precision, so adding and subtracting for hours leaves no drift and ties are exact
 * (amounts off the lot grid are rounded to it).
 *
 * Complexity: `onAppend` O(1) amortised (one add, plus one subtract per trade that leaves; BinTable
 * is O(1) expected), no allocation except when the table doubles. `snapshot` O(D + k log k + R) for D
 * live bins, k bins new since the last snapshot (see BinTable.sync) and R rows the value area spans; it allocates its result only, and is meant for setups and refreshes, not every trade.
 * When the buffer has dropped trades this profile still counted (a pause in trading longer than
 * horizon − window), the bins are rebuilt from the retained trades: O(retained), at most once per
 * such pause.
 */
export class MarketProfile {
  /**
   * The bins as dense rows (see DenseRows), kept per trade while their span is narrow enough; beyond
   * it (a misprint far from the market) the sparse table takes over, built then from the window's
   * trades, until the span narrows again. Only one of the two is kept up to date at a time.
   */
  private readonly rows = new DenseRows();
  private readonly table = new BinTable();
  private readonly price: DecimalGrid;
  private readonly amount: DecimalGrid;
  private readonly binTicks: number;
  private readonly windowMs: number;
  private startSeq: number;
  /** The live bins' volumes in order, reused by every snapshot. */
  private volumes = new Float64Array(64);
  private readonly va = emptyValueArea();
  /** Written by `edges`. */
  valueAreaLow = Number.NaN;
  valueAreaHigh = Number.NaN;
  /** Rebuilds after pauses longer than the buffer's slack (see class note). */
  rebuilds = 0;
  /**
   * The time the private steps (advance, evict, rebuild) work at, set by the public method that calls
   * them: passed as an argument, a call V8 does not inline boxes the double, a heap number per trade.
   */
  private readonly clock = new Float64Array(1);

  constructor(
    private readonly w: TradeWindow,
    market: Pick<MarketSpec, 'pricePrecision' | 'amountPrecision'>,
    readonly config: MarketProfileConfig = defaultMarketProfileConfig,
  ) {
    // Strictly shorter: a trade leaves this window before the buffer drops it (except after pauses).
    if (config.windowMs >= w.horizonMs) throw new Error(`profile window ${config.windowMs} ms must be shorter than the trade buffer horizon ${w.horizonMs} ms`);
    this.price = new DecimalGrid(market.pricePrecision);
    this.amount = new DecimalGrid(market.amountPrecision);
    this.binTicks = config.binTicks;
    this.windowMs = config.windowMs;
    // Trades already in the buffer count too (warm start), trimmed to the window ending at the last one.
    this.startSeq = w.firstSeq;
    for (let s = w.firstSeq; s < w.appended; s++) this.addSeq(s);
    if (w.size > 0) {
      this.clockToLast();
      this.evict();
    }
  }

  /**
   * `onAppend` at the time of the trade just pushed, read from the buffer: the per-trade caller passes
   * no double (a call that is not inlined boxes one, a heap number per trade).
   */
  onAppendLast(): void {
    this.clockToLast();
    this.appended();
  }

  /** Call after every `TradeWindow.push`. */
  onAppend(nowTs: number): void {
    this.clock[0] = nowTs;
    this.appended();
  }

  private appended(): void {
    if (this.startSeq < this.w.firstSeq) {
      this.rebuild();
      return;
    }
    this.addSeq(this.w.appended - 1);
    this.evict();
  }

  /** `clock` to the newest trade's time in the buffer (there is one), written here rather than returned: a returned double is boxed too. */
  private clockToLast(): void {
    const w = this.w;
    this.clock[0] = w.ts[w.slot(w.appended - 1)] as number;
  }

  /** Trades in the profile. */
  get trades(): number {
    return this.w.appended - this.startSeq;
  }

  /** The profile now; `nowTs` (if later than the last trade) first drops trades that have aged out. Null with no volume. */
  snapshot(nowTs?: number): MarketProfileSnapshot | null {
    if (!this.compute(nowTs)) return null;
    const va = this.va;
    const m = this.binTicks;
    return {
      windowMs: this.windowMs,
      binSize: this.price.fromUnits(m),
      poc: this.price.fromUnits(va.pocBin * m + (m - 1) / 2),
      valueAreaLow: this.price.fromUnits(va.lowBin * m),
      valueAreaHigh: this.price.fromUnits(va.highBin * m + m - 1),
      pocVolume: this.amount.fromUnits(va.pocVolume),
      valueAreaVolume: this.amount.fromUnits(va.valueAreaVolume),
      totalVolume: this.amount.fromUnits(va.totalVolume),
      trades: this.trades,
    };
  }

  /**
   * The snapshot's value-area edges only, into `valueAreaLow` / `valueAreaHigh` (false, and the
   * fields unchanged, where `snapshot` is null). Same values as `snapshot`, without allocating.
   */
  edges(nowTs?: number): boolean {
    if (!this.compute(nowTs)) return false;
    this.storeEdges();
    return true;
  }

  /** `edges(t)` at the newest trade's time `t` in the buffer: Level 2's refresh, with no double argument to box. */
  edgesAtLast(): boolean {
    if (this.w.size === 0) return this.edges();
    this.clockToLast();
    this.advance();
    if (!this.valueArea()) return false;
    this.storeEdges();
    return true;
  }

  /** `valueAreaLow` / `valueAreaHigh` from `va`: `fromUnits` written out (a double returned from a call not inlined is boxed). */
  private storeEdges(): void {
    const m = this.binTicks;
    const per = this.price.unitsPerOne;
    this.valueAreaLow = (this.va.lowBin * m) / per;
    this.valueAreaHigh = (this.va.highBin * m + m - 1) / per;
  }

  /** Value area of the live bins into `va`; false with no volume. */
  private compute(nowTs: number | undefined): boolean {
    if (nowTs !== undefined) {
      this.clock[0] = nowTs;
      this.advance();
    }
    return this.valueArea();
  }

  /** `compute` without moving the window. */
  private valueArea(): boolean {
    if (this.rows.valid) return this.rows.valueAreaOf(this.config, this.va);
    const n = this.table.sync();
    const bins = this.table.orderedBins;
    if (n > 0 && DenseRows.fits(bins[0] as number, bins[n - 1] as number)) {
      // The wide excursion has left: rows back on, from the table, which is then set aside.
      this.rows.clear();
      for (let j = 0; j < n; j++) this.rows.add(bins[j] as number, this.table.volume(bins[j] as number), this.table.trades(bins[j] as number));
      this.table.clear();
      return this.rows.valueAreaOf(this.config, this.va);
    }
    if (this.volumes.length < n) this.volumes = new Float64Array(n * 2);
    const volumes = this.volumes;
    for (let j = 0; j < n; j++) volumes[j] = this.table.volume(bins[j] as number);
    return valueAreaInto(n, bins, volumes, this.config.valueAreaPct, this.va);
  }

  /** Every non-empty bin, lowest first. */
  bins(nowTs?: number): ProfileBin[] {
    if (nowTs !== undefined) {
      this.clock[0] = nowTs;
      this.advance();
    }
    const m = this.binTicks;
    const out: ProfileBin[] = [];
    if (this.rows.valid) {
      for (const r of this.rows.list()) out.push({ low: this.price.fromUnits(r.bin * m), high: this.price.fromUnits(r.bin * m + m - 1), volume: this.amount.fromUnits(r.volume), trades: r.trades });
      return out;
    }
    const { bins, volumes } = this.table.sorted();
    for (let i = 0; i < bins.length; i++) {
      const b = bins[i] as number;
      out.push({
        low: this.price.fromUnits(b * m),
        high: this.price.fromUnits(b * m + m - 1),
        volume: this.amount.fromUnits(volumes[i] as number),
        trades: this.table.trades(b),
      });
    }
    return out;
  }

  /** To `clock[0]`. */
  private advance(): void {
    if (this.startSeq < this.w.firstSeq) this.rebuild();
    else this.evict();
  }

  /** Drops the trades at or before `clock[0]` − window. */
  private evict(): void {
    const cutoff = (this.clock[0] as number) - this.windowMs;
    const w = this.w;
    while (this.startSeq < w.appended) {
      const i = w.slot(this.startSeq);
      if ((w.ts[i] as number) > cutoff) break;
      const bin = this.binAt(i);
      const units = this.unitsAt(i);
      if (this.rows.valid) this.rows.remove(bin, units);
      else this.table.remove(bin, units);
      this.startSeq += 1;
    }
  }

  /** The profile anew from the buffer's trades after `clock[0]` − window. */
  private rebuild(): void {
    const cutoff = (this.clock[0] as number) - this.windowMs;
    const w = this.w;
    this.table.clear();
    this.rows.clear();
    let seq = w.firstSeq;
    while (seq < w.appended && (w.ts[w.slot(seq)] as number) <= cutoff) seq += 1;
    this.startSeq = seq;
    for (let s = seq; s < w.appended; s++) this.addSeq(s);
    this.rebuilds += 1;
  }

  private addSeq(seq: number): void {
    const i = this.w.slot(seq);
    const bin = this.binAt(i);
    const units = this.unitsAt(i);
    if (!this.rows.valid) this.table.add(bin, units);
    else {
      this.rows.add(bin, units);
      // Too wide for the rows: the table takes over, with every trade of the profile up to this one.
      if (!this.rows.valid) this.tableUpTo(seq + 1);
    }
  }

  private tableUpTo(endSeq: number): void {
    this.table.clear();
    for (let s = this.startSeq; s < endSeq; s++) {
      const i = this.w.slot(s);
      this.table.add(this.binAt(i), this.unitsAt(i));
    }
  }

  /**
   * The bin of the buffer's trade in slot `i`, and its amount in units below: `toUnits` written out on
   * the slot (same arithmetic), because a double passed to a call that is not inlined is boxed.
   */
  private binAt(i: number): number {
    const t = Math.round((this.w.price[i] as number) * this.price.unitsPerOne);
    const m = this.binTicks;
    let r = t % m;
    if (r < 0) r += m;
    // (t − r) is an exact multiple of m, so the division is exact: no float edge moves a price to a neighbour bin.
    return (t - r) / m;
  }

  private unitsAt(i: number): number {
    return Math.round((this.w.amount[i] as number) * this.amount.unitsPerOne);
  }
}
