import type { TradeWindow } from '../trade-window.js';
import { TradeFlagBit, type TradeFlagRing } from './trade-flag-ring.js';

/** Hoisted: a bundler may turn an imported object's property into a getter call on every read. */
const LARGE = TradeFlagBit.Large;
// Slots of RollingFlow's accumulator, per side k (0 buy, 1 sell).
const SUM = 0; // running sum at SUM + 2k, its Neumaier compensation at SUM + 2k + 1
const COUNT = 4; // trades at COUNT + k
const LARGE_COUNT = 6; // large trades at LARGE_COUNT + k

/** The sums of one trailing window at one instant; callers own and reuse it (see `RollingFlow.readAt`). */
export interface FlowSums {
  buyVolume: number;
  sellVolume: number;
  buyTrades: number;
  sellTrades: number;
  largeBuyTrades: number;
  largeSellTrades: number;
}

export function emptyFlowSums(): FlowSums {
  return { buyVolume: 0, sellVolume: 0, buyTrades: 0, sellTrades: 0, largeBuyTrades: 0, largeSellTrades: 0 };
}

/**
 * Aggressor volume and trade counts per side, and large-trade counts per side, over the trailing
 * `windowMs` — trades with `ts` in (now − windowMs, now] — kept incrementally over a shared TradeWindow.
 *
 * Per trade the owner calls `advance(t.ts)` on every window BEFORE pushing the trade into the buffer
 * and `include()` after. Evicting first matters: the buffer drops trades older than its horizon on
 * push, and after a quiet gap longer than (horizon − window) it would otherwise drop — and later
 * overwrite — trades this window still counts. (FlowWindow, which evicts after the push, has exactly
 * that failure.) Between the two calls the sums describe the window at the new trade's time without
 * it, which is what the large-trade test needs.
 *
 * Volumes are Neumaier-compensated running sums — the rounding error of every add and subtract is
 * carried, so a heavy-tailed stream does not drift (after a 10^6 trade leaves a window of 0.01 trades,
 * a plain sum keeps the ~10^-10 rounding each step made while it was there) — and are rebuilt from the
 * retained trades once `rebuildEvery` and at least one window's worth of evictions have happened
 * (amortised O(1)). State lives in one Float64Array and the step is written out in place: a call that
 * took the amount as an argument would box it, one heap number per trade per window.
 */
export class RollingFlow {
  private startSeq: number;
  private readonly acc = new Float64Array(8);
  private evictions = 0;

  constructor(
    private readonly w: TradeWindow,
    readonly windowMs: number,
    private readonly flags: TradeFlagRing,
    private readonly rebuildEvery = 4096,
  ) {
    if (!(windowMs > 0) || windowMs > w.horizonMs) throw new Error(`window ${windowMs} ms must be positive and no longer than the trade buffer horizon ${w.horizonMs} ms`);
    this.startSeq = w.appended;
  }

  /** Absolute sequence number of the oldest trade in the window (the flag ring must keep it). */
  get oldestSeq(): number {
    return this.startSeq;
  }

  get buyVolume(): number {
    const a = this.acc;
    return Math.max(0, (a[SUM] as number) + (a[SUM + 1] as number));
  }

  get sellVolume(): number {
    const a = this.acc;
    return Math.max(0, (a[SUM + 2] as number) + (a[SUM + 3] as number));
  }

  get buyTrades(): number {
    return this.acc[COUNT] as number;
  }

  get sellTrades(): number {
    return this.acc[COUNT + 1] as number;
  }

  get trades(): number {
    return (this.acc[COUNT] as number) + (this.acc[COUNT + 1] as number);
  }

  get largeBuyTrades(): number {
    return this.acc[LARGE_COUNT] as number;
  }

  get largeSellTrades(): number {
    return this.acc[LARGE_COUNT + 1] as number;
  }

  /**
   * Whether `t` is large against this window (`amount × trades > multiple × volume`, the window not yet
   * holding it). A boolean, not the volume: a getter returning a double boxes it when not inlined, and
   * so the volumes are read here written out, not through `buyVolume` / `sellVolume` (the sampling heap
   * profile of `npm run bench -- --only analytics.alloc` showed `get buyVolume` boxing 16 B a trade).
   */
  exceeds(t: { readonly amount: number }, cfg: { readonly multiple: number }): boolean {
    const a = this.acc;
    const volume = Math.max(0, (a[SUM] as number) + (a[SUM + 1] as number)) + Math.max(0, (a[SUM + 2] as number) + (a[SUM + 3] as number));
    return t.amount * ((a[COUNT] as number) + (a[COUNT + 1] as number)) > cfg.multiple * volume;
  }

  /**
   * `ratio` as compared (null, no sell volume, as +∞: `ratioValue`) into `out[k]`: a double returned from
   * a call that is not inlined is boxed, and the cascade reads three ratios on most trades it sees.
   */
  ratioInto(out: Float64Array, k: number): void {
    // The getters written out (a getter not inlined returns its double boxed too).
    const a = this.acc;
    const s = Math.max(0, (a[SUM + 2] as number) + (a[SUM + 3] as number));
    out[k] = s > 0 ? Math.max(0, (a[SUM] as number) + (a[SUM + 1] as number)) / s : Number.POSITIVE_INFINITY;
  }

  /** Buy − sell volume. */
  get delta(): number {
    return this.buyVolume - this.sellVolume;
  }

  /** Buy/sell volume (§2.3.3); null when there is no sell volume (undefined, compared as +∞). */
  get ratio(): number | null {
    const s = this.sellVolume;
    return s > 0 ? this.buyVolume / s : null;
  }

  /** Drop trades at or before `nowTs − windowMs`. Call before pushing the trade at `nowTs`. */
  advance(nowTs: number): void {
    this.advanceTo({ ts: nowTs });
  }

  /**
   * `advance(t.ts)`, taking the trade: the per-trade path calls it on every window, and a call that is
   * not inlined boxes a double argument (a heap number per window per trade); an object argument is not.
   */
  advanceTo(t: { readonly ts: number }): void {
    const w = this.w;
    const acc = this.acc;
    const cutoff = t.ts - this.windowMs;
    let seq = this.startSeq;
    while (seq < w.appended) {
      const i = w.slot(seq);
      if ((w.ts[i] as number) > cutoff) break;
      const k = (w.sign[i] as number) > 0 ? 0 : 1;
      const n = (acc[COUNT + k] as number) - 1;
      acc[COUNT + k] = n;
      if ((this.flags.get(seq) & LARGE) !== 0) acc[LARGE_COUNT + k] = (acc[LARGE_COUNT + k] as number) - 1;
      if (n === 0) {
        // An emptied side is exactly zero, not a rounding residue.
        acc[SUM + 2 * k] = 0;
        acc[SUM + 2 * k + 1] = 0;
      } else {
        const x = -(w.amount[i] as number);
        const s = acc[SUM + 2 * k] as number;
        const t = s + x;
        acc[SUM + 2 * k + 1] = (acc[SUM + 2 * k + 1] as number) + (Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s);
        acc[SUM + 2 * k] = t;
      }
      seq += 1;
      this.evictions += 1;
    }
    this.startSeq = seq;
    if (this.evictions >= this.rebuildEvery && this.evictions >= this.trades) this.rebuild();
  }

  /** Count the newest trade in the buffer (just pushed, its flags already set). */
  include(): void {
    this.add(this.w.appended - 1);
  }

  /** Counts trade `seq` into the accumulators: count, large count, and the Neumaier-compensated volume. */
  private add(seq: number): void {
    const w = this.w;
    const acc = this.acc;
    const i = w.slot(seq);
    const k = (w.sign[i] as number) > 0 ? 0 : 1;
    acc[COUNT + k] = (acc[COUNT + k] as number) + 1;
    if ((this.flags.get(seq) & LARGE) !== 0) acc[LARGE_COUNT + k] = (acc[LARGE_COUNT + k] as number) + 1;
    const x = w.amount[i] as number;
    const s = acc[SUM + 2 * k] as number;
    const t = s + x;
    acc[SUM + 2 * k + 1] = (acc[SUM + 2 * k + 1] as number) + (Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s);
    acc[SUM + 2 * k] = t;
  }

  /**
   * The window as it stands at `nowTs` (≥ the last trade's time) without moving it: a reader on a clock
   * must see volume leave a window when trading stops, but the next trade may carry an exchange time
   * before that clock, so eviction itself stays on trade time. O(trades that would leave), no allocation.
   */
  readAt(nowTs: number, out: FlowSums): FlowSums {
    const w = this.w;
    const a = this.acc;
    const cutoff = nowTs - this.windowMs;
    // Subtracting a big trade from a small remainder needs the compensation too.
    let bS = a[SUM] as number;
    let bC = a[SUM + 1] as number;
    let sS = a[SUM + 2] as number;
    let sC = a[SUM + 3] as number;
    let nBuy = a[COUNT] as number;
    let nSell = a[COUNT + 1] as number;
    let nLargeBuy = a[LARGE_COUNT] as number;
    let nLargeSell = a[LARGE_COUNT + 1] as number;
    for (let seq = this.startSeq; seq < w.appended; seq++) {
      const i = w.slot(seq);
      if ((w.ts[i] as number) > cutoff) break;
      const x = -(w.amount[i] as number);
      const large = (this.flags.get(seq) & LARGE) !== 0;
      if ((w.sign[i] as number) > 0) {
        const t = bS + x;
        bC += Math.abs(bS) >= Math.abs(x) ? bS - t + x : x - t + bS;
        bS = t;
        nBuy -= 1;
        if (large) nLargeBuy -= 1;
      } else {
        const t = sS + x;
        sC += Math.abs(sS) >= Math.abs(x) ? sS - t + x : x - t + sS;
        sS = t;
        nSell -= 1;
        if (large) nLargeSell -= 1;
      }
    }
    out.buyVolume = nBuy > 0 ? Math.max(0, bS + bC) : 0;
    out.sellVolume = nSell > 0 ? Math.max(0, sS + sC) : 0;
    out.buyTrades = nBuy;
    out.sellTrades = nSell;
    out.largeBuyTrades = nLargeBuy;
    out.largeSellTrades = nLargeSell;
    return out;
  }

  private rebuild(): void {
    this.acc.fill(0);
    for (let seq = this.startSeq; seq < this.w.appended; seq++) this.add(seq);
    this.evictions = 0;
  }
}
