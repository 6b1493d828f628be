import { createCcxtJsonTradeParser } from './ccxt-json.js';
import { createCsvTradeParser } from './csv-trade-parser.js';
import type { ParsedTape, TapeParser } from './tape-parser.js';
import { type TextTapeFormat, TapeFormat, isCsvTapeFormat } from './tape-format.js';
import type { Trade } from '../model/trade.js';

export interface TapeParserOptions {
  /** Ids kept for duplicate detection (default 10k). */
  readonly idWindow?: number;
}

/** The incremental parser for a text format. */
export function createTapeParser(format: TextTapeFormat, opts: TapeParserOptions = {}): TapeParser {
  if (format === TapeFormat.CcxtJson) return createCcxtJsonTradeParser(opts);
  if (isCsvTapeFormat(format)) return createCsvTradeParser(format, opts);
  throw new Error(`${String(format)} is not a text tape format`);
}

/** A whole text tape at once (small files, tests). */
export function parseTradesText(format: TextTapeFormat, text: string, opts: TapeParserOptions = {}): ParsedTape {
  const parser = createTapeParser(format, opts);
  const trades: Trade[] = [];
  parser.push(text, trades);
  const stats = parser.finish(trades);
  return { format, trades, precision: parser.precision, stats };
}
