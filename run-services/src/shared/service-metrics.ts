/**
 * What a GCP operator watches on a service (issue 12 item 5): throughput, how far behind the consumer
 * is, how long a setup takes to become a fill, on `/status` and logged once a minute as one structured
 * line (jsonPayload.metrics in Cloud Logging, ready for log-based metrics). Plain numbers, O(1) per
 * event: a 60-slot ring of per-second counts for rates, a bounded sample for percentiles.
 */

/** Events per second over the last 60 s (per-second buckets; the current second counts in part). */
export class RateWindow {
  private readonly counts = new Float64Array(60);
  private readonly seconds = new Float64Array(60).fill(-1);

  add(now: number, n = 1): void {
    const s = Math.floor(now / 1000);
    const i = s % 60;
    if (this.seconds[i] !== s) {
      this.seconds[i] = s;
      this.counts[i] = 0;
    }
    this.counts[i] = (this.counts[i] as number) + n;
  }

  /** Mean rate over the 60 s ending at `now`. */
  perSecond(now: number): number {
    const s = Math.floor(now / 1000);
    let sum = 0;
    for (let i = 0; i < 60; i++) if ((this.seconds[i] as number) > s - 60) sum += this.counts[i] as number;
    return sum / 60;
  }
}

/** The last `size` samples and their nearest-rank percentiles. */
export class SampleWindow {
  private readonly values: number[] = [];
  private next = 0;
  count = 0;

  constructor(private readonly size = 1_000) {}

  add(v: number): void {
    if (!Number.isFinite(v)) return;
    this.count += 1;
    if (this.values.length < this.size) this.values.push(v);
    else this.values[this.next] = v;
    this.next = (this.next + 1) % this.size;
  }

  /** Nearest-rank percentile (p in (0, 100]); null with no sample. */
  percentile(p: number): number | null {
    if (this.values.length === 0) return null;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
  }

  summary(): { count: number; p50: number | null; p99: number | null } {
    return { count: this.count, p50: this.percentile(50), p99: this.percentile(99) };
  }
}

/**
 * Setup published → its fill seen on trading.events (both on this process's clock, so no clock skew):
 * the latency a trader feels, through decide, execute and the venue. Setups not filled are forgotten
 * after `maxPending` newer ones.
 */
export class PublishToFill {
  private readonly published = new Map<string, number>();
  readonly latency = new SampleWindow();

  constructor(private readonly maxPending = 10_000) {}

  setupPublished(correlationId: string, at: number): void {
    this.published.set(correlationId, at);
    if (this.published.size > this.maxPending) {
      const oldest = this.published.keys().next().value;
      if (oldest !== undefined) this.published.delete(oldest);
    }
  }

  filled(correlationId: string | null, at: number): void {
    if (correlationId === null) return;
    const t = this.published.get(correlationId);
    if (t === undefined) return;
    this.published.delete(correlationId);
    this.latency.add(at - t);
  }
}

/**
 * Counts of samples per log-spaced bucket since start (upper bounds 1 ms × 1.1^k up to ~2 min, then
 * +∞), and the largest sample. Cumulative, as Prometheus histograms are: a reader takes two snapshots
 * and their difference is the exact distribution between them, to within a bucket (≤ 10 %), whatever
 * the message rate — the scale bench reads consumer lag this way.
 */
export class LogHistogram {
  static readonly bounds: readonly number[] = (() => {
    const b: number[] = [];
    for (let x = 1; x <= 120_000; x *= 1.1) b.push(Math.round(x * 100) / 100);
    return b;
  })();
  private readonly counts = new Array<number>(LogHistogram.bounds.length + 1).fill(0);
  max = 0;

  add(v: number): void {
    if (!Number.isFinite(v)) return;
    const b = LogHistogram.bounds;
    // Binary search: the first bound ≥ v (the last slot is +∞).
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((b[mid] as number) >= v) hi = mid;
      else lo = mid + 1;
    }
    this.counts[lo] = (this.counts[lo] as number) + 1;
    if (v > this.max) this.max = v;
  }

  /** Upper bounds (null = +∞) and cumulative counts; only buckets that hold a sample, to keep /status short. */
  snapshot(): { buckets: [number | null, number][]; max: number } {
    const out: [number | null, number][] = [];
    this.counts.forEach((c, i) => {
      if (c > 0) out.push([LogHistogram.bounds[i] ?? null, c]);
    });
    return { buckets: out, max: this.max };
  }
}
