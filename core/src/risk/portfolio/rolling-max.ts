/**
 * Highest value over a trailing time window, as a monotonic deque in growable typed arrays: O(1)
 * amortised per push and no allocation except when the ring doubles. A sample stays in the window
 * while its time is later than `now − windowMs`. Samples must arrive in time order; an older one is
 * ignored (a late print cannot change what was already the past).
 */
export class RollingMax {
  private cap: number;
  private ts: Float64Array;
  private v: Float64Array;
  private head = 0;
  private len = 0;
  private lastTs = Number.NEGATIVE_INFINITY;
  private latest = Number.NaN;

  constructor(
    readonly windowMs: number,
    initialCapacity = 64,
  ) {
    this.cap = initialCapacity;
    this.ts = new Float64Array(this.cap);
    this.v = new Float64Array(this.cap);
  }

  push(ts: number, value: number): void {
    if (ts < this.lastTs || !Number.isFinite(value)) return;
    this.lastTs = ts;
    this.latest = value;
    this.evict(ts);
    // Anything not above the newcomer can never be the maximum again.
    while (this.len > 0 && (this.v[(this.head + this.len - 1) % this.cap] as number) <= value) this.len -= 1;
    if (this.len === this.cap) this.grow();
    const i = (this.head + this.len) % this.cap;
    this.ts[i] = ts;
    this.v[i] = value;
    this.len += 1;
  }

  /** Drop samples that left the window by `now` without adding one. */
  evict(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.len > 0 && (this.ts[this.head] as number) <= cutoff) {
      this.head = (this.head + 1) % this.cap;
      this.len -= 1;
    }
  }

  /** The window's maximum, NaN when empty. */
  get max(): number {
    return this.len > 0 ? (this.v[this.head] as number) : Number.NaN;
  }

  /** The most recent value pushed (NaN before any). */
  get last(): number {
    return this.latest;
  }

  /** Fraction the latest value sits below the window's maximum (0 at a new high; NaN when empty). */
  get dropFromMax(): number {
    const m = this.max;
    return m > 0 ? 1 - this.latest / m : Number.NaN;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const ts = new Float64Array(cap);
    const v = new Float64Array(cap);
    for (let k = 0; k < this.len; k++) {
      const i = (this.head + k) % this.cap;
      ts[k] = this.ts[i] as number;
      v[k] = this.v[i] as number;
    }
    this.ts = ts;
    this.v = v;
    this.head = 0;
    this.cap = cap;
  }
}
