/**
 * Mean and sample standard deviation of the last `capacity` values, O(1) per push; the sums are
 * rebuilt from the ring every `capacity` pushes so subtraction residue cannot accumulate.
 */
export class RollingMoments {
  private readonly buf: Float64Array;
  private next = 0;
  private n = 0;
  private sum = 0;
  private sumSq = 0;
  private sinceRebuild = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity);
  }

  get count(): number {
    return this.n;
  }

  push(x: number): void {
    if (!Number.isFinite(x)) return;
    if (this.n === this.capacity) {
      const old = this.buf[this.next] as number;
      this.sum -= old;
      this.sumSq -= old * old;
    } else {
      this.n += 1;
    }
    this.buf[this.next] = x;
    this.next = (this.next + 1) % this.capacity;
    this.sum += x;
    this.sumSq += x * x;
    this.sinceRebuild += 1;
    if (this.sinceRebuild >= this.capacity) this.rebuild();
  }

  /** Sample standard deviation (n − 1), null with fewer than `minSamples` values. */
  stdDev(minSamples = 2): number | null {
    if (this.n < Math.max(2, minSamples)) return null;
    const v = (this.sumSq - (this.sum * this.sum) / this.n) / (this.n - 1);
    return v > 0 ? Math.sqrt(v) : 0;
  }

  private rebuild(): void {
    let s = 0;
    let q = 0;
    for (let k = 0; k < this.n; k++) {
      const x = this.buf[k] as number;
      s += x;
      q += x * x;
    }
    this.sum = s;
    this.sumSq = q;
    this.sinceRebuild = 0;
  }
}
