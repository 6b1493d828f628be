import type { Candle } from '../candle.js';

export interface MeanReversionOptions {
  /** Closes in the rolling mean and σ (Bollinger-style, the current close included). */
  readonly lookback: number;
  /** An episode starts when |z| exceeds this (2σ in §2.3.1). */
  readonly entrySigma: number;
  /** …and ends when the close is back within this on the side it left from (or beyond, on the other side). */
  readonly exitSigma: number;
  /** Candles an episode may take; one that has not returned by then scores 0. */
  readonly maxWait: number;
  /** Episodes that started within the last `window` candles are averaged. */
  readonly window: number;
}

export const defaultMeanReversionOptions: MeanReversionOptions = { lookback: 20, entrySigma: 2, exitSigma: 1, maxWait: 10, window: 100 };

/**
 * §2.3.1 mean-reversion strength ("speed of return to the recent mean after a 2σ deviation"), 0–1.
 *
 * Definition. z_t = (close_t − mean_t)/σ_t, with mean and population σ of the last `lookback` closes
 * (close_t included; z = 0 when σ = 0). An episode starts at candle t when no episode is open and
 * |z_t| > entrySigma; its side s = sign(z_t). It returns at the first later candle u with
 * s·z_u ≤ exitSigma (back within 1σ, or through to the other side), taking d = u − t candles. If it
 * has not returned after `maxWait` candles it ends there with d = maxWait + 1. An ended episode
 * scores (maxWait + 1 − d)/maxWait: 1 for a snap back on the next candle, 0 for no return. The
 * strength is the mean score of the ended episodes that started in the last `window` candles, i.e.
 * the mean return time d̄ mapped linearly onto 1 (d̄ = 1) … 0 (d̄ = maxWait + 1). An episode still
 * open is left out until it ends, and a new one may start on the candle the previous one ended.
 * With no ended episode in the window the strength is 0 (nothing was pulled back), reported with
 * `episodes` = 0. Null until lookback + window − 1 closes have been seen, so the whole window has z.
 *
 * Incremental: rolling sums of (close − anchor), re-anchored and re-summed exactly every `lookback`
 * candles so they cannot drift (amortised O(1)); episode scores in a ring with an exact integer running sum.
 */
export class MeanReversionStrength {
  private readonly closes: Float64Array;
  private anchor = 0;
  private s1 = 0;
  private s2 = 0;
  private sinceResum = 0;
  // Episodes that have ended, by start candle, oldest first (a ring, at most window + 1 of them).
  private readonly epStart: Float64Array;
  // Scores kept as their integer numerators maxWait + 1 − d, so the running sum is exact.
  private readonly epPoints: Int32Array;
  private epHead = 0;
  private epCount = 0;
  private pointSum = 0;
  private openStart = -1;
  private openSide = 0;
  /** z of the last close (NaN until `lookback` closes). */
  z = Number.NaN;
  /** Candles fed so far. */
  candles = 0;

  constructor(readonly opts: MeanReversionOptions = defaultMeanReversionOptions) {
    const { lookback, entrySigma, exitSigma, maxWait, window } = opts;
    if (!Number.isInteger(lookback) || lookback < 2) throw new Error(`mean-reversion lookback must be an integer ≥ 2, got ${lookback}`);
    if (!(entrySigma > exitSigma)) throw new Error(`mean-reversion entry σ (${entrySigma}) must exceed exit σ (${exitSigma})`);
    if (!Number.isInteger(maxWait) || maxWait < 1) throw new Error(`mean-reversion maxWait must be a positive integer, got ${maxWait}`);
    if (!Number.isInteger(window) || window < 1) throw new Error(`mean-reversion window must be a positive integer, got ${window}`);
    this.closes = new Float64Array(lookback);
    this.epStart = new Float64Array(window + 1);
    this.epPoints = new Int32Array(window + 1);
  }

  /** Candles needed before the first value. */
  get warmUpCandles(): number {
    return this.opts.lookback + this.opts.window - 1;
  }

  /** Ended episodes counted in the current value. */
  get episodes(): number {
    return this.epCount;
  }

  /** True while an excursion is waiting to return. */
  get episodeOpen(): boolean {
    return this.openStart >= 0;
  }

  /** Strength 0–1 after the last close; null until `warmUpCandles` closes. */
  get value(): number | null {
    if (this.candles < this.warmUpCandles) return null;
    return this.epCount > 0 ? this.pointSum / (this.epCount * this.opts.maxWait) : 0;
  }

  update(c: Pick<Candle, 'close'>): number | null {
    return this.updateClose(c.close);
  }

  updateClose(close: number): number | null {
    const { lookback, entrySigma, exitSigma, maxWait, window } = this.opts;
    const t = this.candles;
    this.candles += 1;
    const slot = t % lookback;
    if (t < lookback) {
      if (t === 0) this.anchor = close;
      this.closes[slot] = close;
      const d = close - this.anchor;
      this.s1 += d;
      this.s2 += d * d;
    } else {
      const old = (this.closes[slot] as number) - this.anchor;
      this.closes[slot] = close;
      const d = close - this.anchor;
      this.s1 += d - old;
      this.s2 += d * d - old * old;
      if (++this.sinceResum >= lookback) this.resum();
    }
    if (t + 1 < lookback) return null;

    const mean = this.s1 / lookback;
    const variance = this.s2 / lookback - mean * mean;
    const sd = variance > 0 ? Math.sqrt(variance) : 0;
    const z = sd > 0 ? (close - this.anchor - mean) / sd : 0;
    this.z = z;

    if (this.openStart >= 0) {
      const age = t - this.openStart;
      if (this.openSide * z <= exitSigma) this.endEpisode(age);
      else if (age >= maxWait) this.endEpisode(maxWait + 1);
    }
    if (this.openStart < 0 && Math.abs(z) > entrySigma) {
      this.openStart = t;
      this.openSide = z > 0 ? 1 : -1;
    }
    // Drop ended episodes that started before the window.
    const oldest = t - window + 1;
    while (this.epCount > 0 && (this.epStart[this.epHead] as number) < oldest) {
      this.pointSum -= this.epPoints[this.epHead] as number;
      this.epHead = (this.epHead + 1) % this.epStart.length;
      this.epCount -= 1;
    }
    return this.value;
  }

  private endEpisode(d: number): void {
    const { maxWait } = this.opts;
    const cap = this.epStart.length;
    const i = (this.epHead + this.epCount) % cap;
    const points = maxWait + 1 - d;
    this.epStart[i] = this.openStart;
    this.epPoints[i] = points;
    this.epCount += 1;
    this.pointSum += points;
    this.openStart = -1;
    this.openSide = 0;
  }

  private resum(): void {
    const { lookback } = this.opts;
    this.sinceResum = 0;
    this.anchor = this.closes[this.candles % lookback] as number;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < lookback; i++) {
      const d = (this.closes[i] as number) - this.anchor;
      s1 += d;
      s2 += d * d;
    }
    this.s1 = s1;
    this.s2 = s2;
  }
}
