// One benchmark result (issue 14 item 7): each case prints one JSON object per line on stdout.
export interface BenchLine {
  name: string;
  /** null when the case is not about trades. */
  tradesPerSec: number | null;
  /** Per-item latency percentiles in µs; null when not measured. */
  p50us: number | null;
  p99us: number | null;
  rssMB: number;
  [k: string]: unknown;
}

export interface BenchCase {
  name: string;
  run(): BenchLine[] | Promise<BenchLine[]>;
}
