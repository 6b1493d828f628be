import type { TapeFormat, TapePrecision, Trade } from '@cascade/core';

/** A trade tape on disk, opened: what it is, and its trades as a one-shot stream of batches. */
export interface Tape {
  readonly path: string;
  readonly format: TapeFormat;
  readonly exchange: string;
  readonly symbol: string;
  /**
   * Decimal places of price and amount. At open it is measured on the first `sampleRows` trades (the
   * whole file for files that small, and every shared tape); while `batches()` runs it grows with
   * anything the rest of the file shows, and once it has finished it covers the whole file.
   */
  readonly precision: TapePrecision;
  /** First and last trade time when known at open (Parquet statistics, fully sampled files, plain CSV's last line); else null. */
  readonly timeRange: { readonly first: number; readonly last: number } | null;
  /** Kept trades in file order, at most `maxBatch` (default 1,000) per batch. Iterable once. */
  batches(maxBatch?: number): AsyncIterable<Trade[]>;
  /** Counts from the current (or finished) pass of `batches()`: kept trades, dropped rows by reason. */
  stats(): TapeStats;
}

export interface TapeStats {
  readonly accepted: number;
  readonly rejected: Record<string, number>;
  /** Quote rows that left the mid unchanged (quote formats only): neither trades nor errors. */
  readonly unchangedQuotes: number;
}
