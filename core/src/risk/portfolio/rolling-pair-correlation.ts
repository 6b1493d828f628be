/**
 * Pearson correlation of two series over the last `window` minutes, updated in O(1) amortised per
 * sample. Samples are keyed by minute index (openTime / 60 000) so the two series are aligned by
 * candle time, not by arrival; a minute missing from either series simply has no sample.
 *
 * Running sums are added to and subtracted from for days, so rounding residue would build up; every
 * `recomputeEvery` evictions the sums are rebuilt exactly from the stored samples (O(window) once per
 * `recomputeEvery` evictions = O(1) amortised).
 */
export class RollingPairCorrelation {
  private readonly tag: Float64Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private n = 0;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private head = Number.NEGATIVE_INFINITY;
  private evictions = 0;

  constructor(
    readonly window: number,
    private readonly recomputeEvery = window,
  ) {
    this.tag = new Float64Array(window).fill(Number.NaN);
    this.xs = new Float64Array(window);
    this.ys = new Float64Array(window);
  }

  /** Samples in the window. */
  get count(): number {
    return this.n;
  }

  /** The latest minute seen by either series. */
  get latestMinute(): number {
    return this.head;
  }

  /** Move the window's end to `minute` (if later), evicting minutes ≤ minute − window. */
  advanceTo(minute: number): void {
    if (minute <= this.head) return;
    const old = this.head;
    this.head = minute;
    if (!Number.isFinite(old) || minute - old >= this.window) {
      if (this.n > 0) {
        this.evictions += this.n;
        this.tag.fill(Number.NaN);
        this.n = 0;
        this.sx = this.sy = this.sxx = this.syy = this.sxy = 0;
      }
      return;
    }
    for (let m = old - this.window + 1; m <= minute - this.window; m++) {
      const i = this.slot(m);
      if (this.tag[i] === m) this.remove(i);
    }
    if (this.evictions >= this.recomputeEvery) this.recompute();
  }

  /** Add the aligned pair for `minute`; a minute already outside the window is ignored, a repeat replaces. */
  add(minute: number, x: number, y: number): void {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.advanceTo(minute);
    if (minute <= this.head - this.window) return;
    const i = this.slot(minute);
    if (this.tag[i] === minute) this.remove(i);
    this.tag[i] = minute;
    this.xs[i] = x;
    this.ys[i] = y;
    this.n += 1;
    this.sx += x;
    this.sy += y;
    this.sxx += x * x;
    this.syy += y * y;
    this.sxy += x * y;
  }

  /**
   * r = (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)); null with fewer than `minSamples`
   * samples or when either series is flat (the correlation is undefined, not zero).
   */
  correlation(minSamples = 2): number | null {
    const n = this.n;
    if (n < Math.max(2, minSamples)) return null;
    const vx = n * this.sxx - this.sx * this.sx;
    const vy = n * this.syy - this.sy * this.sy;
    // Relative floor: a flat series leaves only rounding noise in vx/vy.
    if (vx <= 1e-12 * n * this.sxx || vy <= 1e-12 * n * this.syy) return null;
    const r = (n * this.sxy - this.sx * this.sy) / Math.sqrt(vx * vy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
  }

  /** Rebuild the sums from the stored samples (also what the periodic drift guard runs). */
  recompute(): void {
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < this.window; i++) {
      const m = this.tag[i] as number;
      if (Number.isNaN(m)) continue;
      if (m <= this.head - this.window) {
        this.tag[i] = Number.NaN;
        continue;
      }
      const x = this.xs[i] as number;
      const y = this.ys[i] as number;
      n += 1;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    this.n = n;
    this.sx = sx;
    this.sy = sy;
    this.sxx = sxx;
    this.syy = syy;
    this.sxy = sxy;
    this.evictions = 0;
  }

  private slot(minute: number): number {
    return ((minute % this.window) + this.window) % this.window;
  }

  private remove(i: number): void {
    const x = this.xs[i] as number;
    const y = this.ys[i] as number;
    this.tag[i] = Number.NaN;
    this.n -= 1;
    this.sx -= x;
    this.sy -= y;
    this.sxx -= x * x;
    this.syy -= y * y;
    this.sxy -= x * y;
    this.evictions += 1;
  }
}
