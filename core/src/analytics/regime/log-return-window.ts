/**
 * The log returns between the last `size + 1` closes, in a ring: the input both rolling regime
 * statistic (return autocorrelation) keeps per closed candle. No allocation per close.
 */
export class LogReturnWindow {
  private readonly ring: Float64Array;
  private prevClose = Number.NaN;
  private count = 0;

  constructor(readonly size: number) {
    this.ring = new Float64Array(size);
  }

  /** Adds the return from the previous close to `close` (none for the first close); true once full. */
  push(close: number): boolean {
    const prev = this.prevClose;
    this.prevClose = close;
    if (Number.isNaN(prev)) return false;
    this.ring[this.count % this.size] = Math.log(close / prev);
    this.count += 1;
    return this.count >= this.size;
  }

  /** The i-th retained return, oldest first (0 ≤ i < size, once full). */
  at(i: number): number {
    return this.ring[(this.count + i) % this.size] as number;
  }
}
