/**
 * The log returns between the last `size + 1` closes, in a ring: the input both rolling regime
 * statistic (return autocorrelation) keeps per closed candle. No allocation per close.
 * Each return is written twice, at its slot and `size` further, so the retained returns always lie in
 * order at `head … head + size − 1` and `at` needs no remainder per read (issue 14: the autocorrelation
 * reads 32 of them per 1m candle).
 */
export class LogReturnWindow {
  private readonly ring: Float64Array;
  /** Index in `ring` of the oldest retained return. */
  private head = 0;
  private prevClose = Number.NaN;
  private count = 0;

  constructor(readonly size: number) {
    this.ring = new Float64Array(2 * size);
  }

  /** Adds the return from the previous close to `close` (none for the first close); true once full. */
  push(close: number): boolean {
    const prev = this.prevClose;
    this.prevClose = close;
    if (Number.isNaN(prev)) return false;
    const slot = this.count % this.size;
    const r = Math.log(close / prev);
    this.ring[slot] = r;
    this.ring[slot + this.size] = r;
    this.count += 1;
    this.head = this.count % this.size;
    return this.count >= this.size;
  }

  /** The i-th retained return, oldest first (0 ≤ i < size, once full). */
  at(i: number): number {
    return this.ring[this.head + i] as number;
  }
}
