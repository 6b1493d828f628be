import { type Candle, type Timeframe, timeframeMs } from '../candle.js';
import { bucketStart } from '../candle-builder.js';

/** Current candle volume against the average of the periods before it (§2.3.4). */
export interface VolumeSpikeReading {
  readonly timeframe: Timeframe;
  readonly periods: number;
  /** Volume of the period holding the reading time so far (0 when it has had no trade yet). */
  readonly current: number;
  /** Mean volume of the `periods` periods before it; null until that many periods have been seen. */
  readonly average: number | null;
  /** current / average; null while `average` is null or zero. */
  readonly ratio: number | null;
  /** ratio > the configured minimum (§2.3.4: 1.5). */
  readonly spike: boolean;
}

/**
 * Volume spike for one timeframe: `current_volume / avg_volume_20periods` (§2.3.4). "Periods" are
 * periods of time: a bucket without trades (which CandleBuilder skips) counts as a zero-volume period,
 * so a thin market's average is not inflated by leaving its quiet minutes out. Periods before the first
 * candle are unknown, not zero: the average waits until `periods` periods have passed.
 *
 * Fed the closed candles (O(1) per candle: a ring of the last `periods` volumes); a reading sums the
 * ring (O(periods), no allocation beyond the reading itself).
 */
export class VolumeSpikeTracker {
  private readonly ring: Float64Array;
  private head = 0; // next write
  private known = 0; // periods recorded since the first candle (not capped)
  private lastClosedOpen = Number.NaN;
  private readonly spanMs: number;

  constructor(
    readonly timeframe: Timeframe,
    readonly periods: number,
    private readonly minRatio: number,
  ) {
    if (!Number.isInteger(periods) || periods < 1) throw new Error(`volume spike periods must be a positive integer, got ${periods}`);
    this.ring = new Float64Array(periods);
    this.spanMs = timeframeMs[timeframe];
  }

  onClose(c: Candle): void {
    if (c.timeframe !== this.timeframe) throw new Error(`VolumeSpikeTracker(${this.timeframe}) fed a ${c.timeframe} candle`);
    if (!Number.isNaN(this.lastClosedOpen)) {
      const empty = Math.min(this.periods, (c.openTime - this.lastClosedOpen) / this.spanMs - 1);
      for (let k = 0; k < empty; k++) this.push(0);
      // The true number of empty periods, so `known` stays a count of time, not of pushes.
      this.known += (c.openTime - this.lastClosedOpen) / this.spanMs - 1 - empty;
    }
    this.push(c.volume);
    this.lastClosedOpen = c.openTime;
  }

  /**
   * The spike at `nowTs` given the builder's open candle. When `nowTs` has moved past the open
   * candle's bucket (no trade yet in the current one), that candle is a previous period and the
   * current volume is 0.
   */
  read(open: Candle | null, nowTs: number): VolumeSpikeReading {
    if (open === null) return this.reading(0, null);
    const nowBucket = Math.max(open.openTime, bucketStart(nowTs, this.spanMs));
    // The periods after the ring, newest last: empty gap before `open`, `open` itself when it is no
    // longer current, then the empty periods between it and now.
    const gapBefore = Number.isNaN(this.lastClosedOpen) ? 0 : (open.openTime - this.lastClosedOpen) / this.spanMs - 1;
    const openIsPast = nowBucket > open.openTime;
    const gapAfter = openIsPast ? (nowBucket - open.openTime) / this.spanMs - 1 : 0;
    const known = this.known + gapBefore + (openIsPast ? 1 : 0) + gapAfter;
    const current = openIsPast ? 0 : open.volume;
    if (known < this.periods) return this.reading(current, null);
    let need = this.periods;
    let sum = 0;
    need -= Math.min(need, gapAfter);
    if (need > 0 && openIsPast) {
      sum += open.volume;
      need -= 1;
    }
    need -= Math.min(need, gapBefore);
    for (let k = 1; k <= need; k++) sum += this.ring[(this.head - k + this.periods) % this.periods] as number;
    return this.reading(current, sum / this.periods);
  }

  private reading(current: number, average: number | null): VolumeSpikeReading {
    const ratio = average !== null && average > 0 ? current / average : null;
    return { timeframe: this.timeframe, periods: this.periods, current, average, ratio, spike: ratio !== null && ratio > this.minRatio };
  }

  private push(v: number): void {
    this.ring[this.head] = v;
    this.head = (this.head + 1) % this.periods;
    this.known += 1;
  }
}
