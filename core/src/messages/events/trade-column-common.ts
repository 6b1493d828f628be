import type { Trade } from '../../model/trade.js';

// What the two columnar decoders (trade-columns.ts, trade-columns-binary.ts) share. Not re-exported
// from the package: the decoders' own loops stay separate, each monomorphic in its column types.

/** Stop collecting after this many: a garbage batch is refused just as well with five reasons. */
export const MAX_ISSUES = 5;

/** Char codes of the side letters (and the side bytes of columnar-bin-v1): b/s reported by the venue, B/S inferred by the tick rule. */
export const B_LOWER = 98;
export const S_LOWER = 115;
export const B_UPPER = 66;
export const S_UPPER = 83;

/** The first id as a number when every id is `String(first + i)`, else null. */
export function consecutiveFrom(trades: readonly Trade[]): number | null {
  const first = Number(trades[0]?.id);
  if (!Number.isSafeInteger(first) || first < 0 || !Number.isSafeInteger(first + trades.length)) return null;
  for (let i = 0; i < trades.length; i++) if ((trades[i] as Trade).id !== String(first + i)) return null;
  return first;
}

/** A value in an issue's text. */
export function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (v === undefined) return 'nothing';
  return JSON.stringify(v) ?? String(v);
}
