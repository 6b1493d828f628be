/**
 * Sum of integer values over a trailing time window `(now − windowMs, now]`, in a growable ring of
 * typed arrays: O(1) amortised per add, no allocation except when the ring doubles. Values are integers
 * (amounts in lots of the market's amount precision), so the running sum is exact below 2^53 and never
 * drifts however long it runs.
 */
export class RollingSum {
  private cap: number;
  private head = 0;
  private len = 0;
  private ts: Float64Array;
  private val: Float64Array;
  private sum = 0;

  constructor(
    readonly windowMs: number,
    initialCapacity = 256,
  ) {
    this.cap = Math.max(1, initialCapacity);
    this.ts = new Float64Array(this.cap);
    this.val = new Float64Array(this.cap);
  }

  /** Values must arrive in non-decreasing time (tape order). */
  add(ts: number, value: number): void {
    this.evict(ts);
    if (this.len === this.cap) this.grow();
    const i = (this.head + this.len) % this.cap;
    this.ts[i] = ts;
    this.val[i] = value;
    this.len += 1;
    this.sum += value;
  }

  /** Sum of the values added at times in `(now − windowMs, now]`. */
  totalAt(now: number): number {
    this.evict(now);
    return this.sum;
  }

  private evict(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.len > 0 && (this.ts[this.head] as number) <= cutoff) {
      this.sum -= this.val[this.head] as number;
      this.head = (this.head + 1) % this.cap;
      this.len -= 1;
    }
    if (this.len === 0) this.sum = 0;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const ts = new Float64Array(cap);
    const val = new Float64Array(cap);
    for (let k = 0; k < this.len; k++) {
      const i = (this.head + k) % this.cap;
      ts[k] = this.ts[i] as number;
      val[k] = this.val[i] as number;
    }
    this.ts = ts;
    this.val = val;
    this.head = 0;
    this.cap = cap;
  }
}
