import type { Trade } from '../model/trade.js';
import { binanceAggTradesCsv, binanceTradesCsv } from './binance-csv.js';
import { ccxtCsv } from './ccxt-csv.js';
import { normaliseHeaderName, splitCsvLine } from './csv-fields.js';
import type { CsvLayout, CsvRowDecoder } from './csv-layout.js';
import { krakenCsv } from './kraken-csv.js';
import type { TapeParser } from './tape-parser.js';
import { type CsvTapeFormat, type TapePrecision, TapeFormat } from './tape-format.js';
import { type TapeParseStats, TradeAssembler, emptyRawTrade } from './trade-assembler.js';
import { trueFxQuotesCsv } from './truefx-csv.js';

const layouts: Record<CsvTapeFormat, CsvLayout> = {
  [TapeFormat.CcxtCsv]: ccxtCsv,
  [TapeFormat.BinanceTradesCsv]: binanceTradesCsv,
  [TapeFormat.BinanceAggTradesCsv]: binanceAggTradesCsv,
  [TapeFormat.KrakenCsv]: krakenCsv,
  [TapeFormat.TrueFxQuotesCsv]: trueFxQuotesCsv,
};

/** A line-oriented tape parser. Use either `pushLine` (a line reader upstream) or `push` (raw chunks), not both. */
export interface CsvTradeParser extends TapeParser {
  readonly format: CsvTapeFormat;
  /**
   * One line without its line break (a trailing `\r` is dropped). Lines are numbered from 1 in call
   * order; blank lines and the header give null, as do dropped rows (counted in `stats()`).
   */
  pushLine(line: string): Trade | null;
  /** Lines seen so far. */
  readonly lineNo: number;
  /** True once the first non-blank line turned out to be a header. */
  readonly hadHeader: boolean;
}

export interface CsvTradeParserOptions {
  /** Ids kept for duplicate detection (default 10k). */
  readonly idWindow?: number;
}

export function createCsvTradeParser(format: CsvTapeFormat, opts: CsvTradeParserOptions = {}): CsvTradeParser {
  const layout = layouts[format];
  const assembler = new TradeAssembler(opts.idWindow);
  const raw = emptyRawTrade();
  let decoder: CsvRowDecoder | null = null;
  let hadHeader = false;
  let lineNo = 0;
  let carry = ''; // an unfinished last line from `push`

  function pushLine(input: string): Trade | null {
    lineNo += 1;
    let line = input;
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return null;
    const fields = splitCsvLine(line);
    if (decoder === null) {
      if (layout.isHeader(fields)) {
        hadHeader = true;
        decoder = layout.decoder(fields.map(normaliseHeaderName));
        return null;
      }
      decoder = layout.decoder(null);
    }
    const outcome = decoder.decode(fields, lineNo, raw);
    if (outcome === 'malformed') {
      assembler.rejectMalformed();
      return null;
    }
    if (outcome === 'skip') {
      assembler.unchangedQuotes += 1;
      return null;
    }
    const trade = assembler.accept(raw);
    if (trade !== null) decoder.accepted?.(trade);
    return trade;
  }

  return {
    format,
    pushLine,
    push(chunk, out) {
      let start = 0;
      let nl = chunk.indexOf('\n');
      if (nl < 0) {
        carry += chunk;
        return;
      }
      if (carry !== '') {
        const t = pushLine(carry + chunk.slice(0, nl));
        if (t !== null) out.push(t);
        carry = '';
        start = nl + 1;
        nl = chunk.indexOf('\n', start);
      }
      while (nl >= 0) {
        const t = pushLine(chunk.slice(start, nl));
        if (t !== null) out.push(t);
        start = nl + 1;
        nl = chunk.indexOf('\n', start);
      }
      carry = chunk.slice(start);
    },
    finish(out): TapeParseStats {
      if (carry !== '') {
        const t = pushLine(carry);
        if (t !== null) out.push(t);
        carry = '';
      }
      return assembler.stats();
    },
    get precision(): TapePrecision {
      return assembler.precision;
    },
    stats: () => assembler.stats(),
    get lineNo() {
      return lineNo;
    },
    get hadHeader() {
      return hadHeader;
    },
  };
}
