import type { Trade } from '../model/trade.js';
import type { RawTrade } from './trade-assembler.js';
import type { CsvTapeFormat } from './tape-format.js';
import { findColumn } from './csv-fields.js';
import type { ByteColumns } from './byte-columns.js';

/** What a row decoder made of one data row. */
export type RowOutcome = 'ok' | 'malformed' | 'skip';

/** Reads the data rows of one file, once its header (or lack of one) is known. */
export interface CsvRowDecoder {
  /** Fills `out` from one row's fields; `lineNo` is the row's 1-based line in the file. */
  decode(fields: readonly string[], lineNo: number, out: RawTrade): RowOutcome;
  /** Told about every kept trade (the quote layout tracks the last mid with it). */
  accepted?(trade: Trade): void;
}

/** One CSV tape format: how to tell its header and how to read its rows. */
export interface CsvLayout {
  readonly format: CsvTapeFormat;
  /** True when the first non-blank line is this format's header rather than data. */
  isHeader(fields: readonly string[]): boolean;
  /**
   * A decoder for a file with this header (names normalised), or for a headerless file (null:
   * positional columns). Throws when a header lacks a column the format needs.
   */
  decoder(header: readonly string[] | null): CsvRowDecoder;
  /**
   * Field positions for the byte fast path (byte-row.ts) for this header (or none), in the order to
   * try them; absent or empty when every row must go through `decoder`. Called after `decoder`, so a
   * header missing a column has already thrown.
   */
  byteColumns?(header: readonly string[] | null): readonly ByteColumns[];
}

/** Column positions by role, resolved from header names; throws naming what is missing. */
export function resolveColumns<K extends string>(
  format: CsvTapeFormat,
  header: readonly string[],
  wanted: Readonly<Record<K, readonly string[]>>,
): Record<K, number> {
  const out = {} as Record<K, number>;
  const missing: string[] = [];
  for (const key of Object.keys(wanted) as K[]) {
    const aliases = wanted[key];
    const i = findColumn(header, aliases);
    if (i < 0) missing.push(aliases.join(' or '));
    out[key] = i;
  }
  if (missing.length > 0) {
    throw new Error(`${format}: header "${header.join(',')}" has no column ${missing.join(', ')}`);
  }
  return out;
}

/** True when some cell of a first line is one of `names`: the line is a header, not data. */
export function hasAnyColumn(fields: readonly string[], names: readonly string[]): boolean {
  return fields.some((f) => names.includes(f.trim().replace(/^\uFEFF/, '').toLowerCase()));
}
