import type { DuckDBValue } from '@duckdb/node-api';
import { trimDecimal } from './decimal-text.js';

/**
 * One value of a row DuckDB returned, turned into what the domain holds. A value of the wrong kind is
 * a schema mismatch, so it throws rather than guessing. DECIMAL columns are read as text (`::VARCHAR`)
 * so no precision is lost on the way out.
 */
export type Cell = DuckDBValue | undefined;

export function num(v: Cell): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new TypeError(`expected a number from DuckDB, got ${String(v)}`);
}

export function numOrNull(v: Cell): number | null {
  return v === null ? null : num(v);
}

export function numOrNaN(v: Cell): number {
  return v === null ? Number.NaN : num(v);
}

export function str(v: Cell): string {
  if (typeof v === 'string') return v;
  throw new TypeError(`expected text from DuckDB, got ${String(v)}`);
}

/** A DECIMAL read as text, to the nearest double (what the venue's decimal parses to). */
export function dec(v: Cell): number {
  return Number(str(v));
}

export function decOrNaN(v: Cell): number {
  return v === null ? Number.NaN : dec(v);
}

/** A DECIMAL read as text, as the shortest exact decimal string. */
export function money(v: Cell): string {
  return trimDecimal(str(v));
}

export function moneyOrNull(v: Cell): string | null {
  return v === null ? null : money(v);
}
