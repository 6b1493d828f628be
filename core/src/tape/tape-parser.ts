import type { Trade } from '../model/trade.js';
import type { TapeParseStats } from './trade-assembler.js';
import type { TapePrecision, TextTapeFormat } from './tape-format.js';

/**
 * An incremental text → trades parser: feed it the file in chunks of any size, collect kept trades
 * in file order. Large files stream through it without ever being held whole.
 */
export interface TapeParser {
  readonly format: TextTapeFormat;
  /** Parses what it can of `chunk` (plus what an earlier chunk left unfinished); appends kept trades to `out`. */
  push(chunk: string, out: Trade[]): void;
  /** End of input: parses the unfinished tail, appends to `out`, returns the final stats. Throws if the text is truncated mid-structure (JSON). */
  finish(out: Trade[]): TapeParseStats;
  /** Decimal places seen in kept trades so far (final once `finish` has run). */
  readonly precision: TapePrecision;
  stats(): TapeParseStats;
}

/** A parsed text tape held whole: for small files and tests. */
export interface ParsedTape {
  readonly format: TextTapeFormat;
  readonly trades: Trade[];
  readonly precision: TapePrecision;
  readonly stats: TapeParseStats;
}
