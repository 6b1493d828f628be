import { type TapePrecision, zeroTapeRejectCounts } from '@cascade/core';
import type { TapeStats } from './tape.js';

/** What a text tape and a Parquet tape share: the rules of one `batches()` pass and what it reports. */

/** Large enough to amortise the per-batch await, small enough that the first trades arrive at once. */
export const defaultMaxBatch = 1_000;

/** The precision measured at open, widened by what the running pass has seen. */
export function maxPrecision(a: TapePrecision, b: TapePrecision | null): TapePrecision {
  if (b === null) return a;
  return { pricePrecision: Math.max(a.pricePrecision, b.pricePrecision), amountPrecision: Math.max(a.amountPrecision, b.amountPrecision) };
}

/** An error of reading `path`, its message prefixed with the path unless it already names it. */
export function withPath(path: string, e: unknown): Error {
  const msg = (e as Error).message ?? String(e);
  return msg.includes(path) ? (e as Error) : new Error(`${path}: ${msg}`, { cause: e });
}

/** The stats of the running (or finished) pass; all zero before one starts. */
export function statsOf(p: { stats(): { accepted: number; rejected: Record<string, number>; unchangedQuotes: number } } | null): TapeStats {
  if (p === null) return { accepted: 0, rejected: { ...zeroTapeRejectCounts() }, unchangedQuotes: 0 };
  const s = p.stats();
  return { accepted: s.accepted, rejected: s.rejected, unchangedQuotes: s.unchangedQuotes };
}

export function assertCanIterate(used: boolean, path: string, maxBatch: number): void {
  if (used) throw new Error(`${path}: Tape.batches() can be iterated once; open the tape again to re-read it`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`${path}: batches(maxBatch) needs a positive integer, got ${maxBatch}`);
}
