import type { Trade } from '../model/trade.js';
import { binanceAggTradesCsv, binanceTradesCsv } from './binance-csv.js';
import { ccxtCsv } from './ccxt-csv.js';
import { normaliseHeaderName, splitCsvLine } from './csv-fields.js';
import type { CsvLayout, CsvRowDecoder } from './csv-layout.js';
import type { ByteColumns } from './byte-columns.js';
import { decodeByteRow, emptyByteRow, maxFastFields, splitRow } from './byte-row.js';
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

/**
 * A line-oriented tape parser. Use one of `pushLine` (a line reader upstream), `push` (text chunks)
 * or `pushBytes` (the file's bytes), not a mix.
 */
export interface CsvTradeParser extends TapeParser {
  readonly format: CsvTapeFormat;
  /**
   * One line without its line break (a trailing `\r` is dropped). Lines are numbered from 1 in call
   * order; blank lines and the header give null, as do dropped rows (counted in `stats()`).
   */
  pushLine(line: string): Trade | null;
  /**
   * The file's raw (UTF-8) bytes in chunks of any size; appends kept trades to `out`. Lines end at
   * `\n`, `\r\n` or a lone `\r`, as node:readline splits them, so the trades are the ones `pushLine`
   * gives for readline's lines. Ordinary rows of the Binance and ccxt layouts are read from the bytes
   * directly (byte-row.ts); the rest go through `pushLine`. `finish` reads an unterminated last line.
   */
  pushBytes(chunk: Uint8Array, out: Trade[]): void;
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
  let byteColumns: readonly ByteColumns[] = []; // known with the decoder
  /** Fields the byte path must see: with one layout of no exact count, the rest of a row is not read. */
  let stopAt = Number.POSITIVE_INFINITY;
  let carryBytes = new Uint8Array(1024); // an unfinished last line from `pushBytes`
  let carryLen = 0;
  const starts = new Int32Array(maxFastFields + 2);
  const row = emptyByteRow();
  // Keeps a BOM as readline did (pushLine drops it on line 1 only); decode() would strip one per call.
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

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
        const names = fields.map(normaliseHeaderName);
        decoder = layout.decoder(names);
        setByteColumns(layout.byteColumns?.(names) ?? []);
        return null;
      }
      decoder = layout.decoder(null);
      setByteColumns(layout.byteColumns?.(null) ?? []);
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

  function setByteColumns(cols: readonly ByteColumns[]): void {
    byteColumns = cols;
    const only = cols.length === 1 ? (cols[0] as ByteColumns) : null;
    stopAt = only !== null && only.exactFields === undefined ? only.minFields : Number.POSITIVE_INFINITY;
  }

  /** One line of `buf[start, end)` (its `\n` excluded): the byte fast path, else the string path. */
  function byteLine(buf: Uint8Array, start: number, end: number, out: Trade[], noCr: boolean): void {
    const e = end > start && buf[end - 1] === 13 ? end - 1 : end;
    if (decoder !== null && e > start && (buf[start] as number) > 32 && byteColumns.length > 0) {
      const n = splitRow(buf, start, e, starts, noCr ? stopAt : Number.POSITIVE_INFINITY);
      if (n > 0) {
        for (let k = 0; k < byteColumns.length; k++) {
          if (!decodeByteRow(buf, starts, n, byteColumns[k] as ByteColumns, lineNo + 1, row)) continue;
          lineNo += 1;
          const t = assembler.acceptParsed(row.id, row.ts, row.price, row.pricePlaces, row.amount, row.amountPlaces, row.side, row.idNum);
          if (t !== null) {
            decoder.accepted?.(t);
            out.push(t);
          }
          return;
        }
      }
    }
    const text = utf8.decode(buf.subarray(start, e));
    // node:readline also ends a line at a lone \r.
    const lines = text.indexOf('\r') < 0 ? [text] : text.split('\r');
    for (const line of lines) {
      const t = pushLine(line);
      if (t !== null) out.push(t);
    }
  }

  function keepBytes(chunk: Uint8Array, from: number, to: number): void {
    const need = carryLen + (to - from);
    if (need > carryBytes.length) {
      const grown = new Uint8Array(Math.max(need, carryBytes.length * 2));
      grown.set(carryBytes.subarray(0, carryLen));
      carryBytes = grown;
    }
    carryBytes.set(chunk.subarray(from, to), carryLen);
    carryLen = need;
  }

  return {
    format,
    pushLine,
    pushBytes(chunk, out) {
      let pos = 0;
      let nl = chunk.indexOf(10);
      if (carryLen > 0) {
        if (nl < 0) {
          keepBytes(chunk, 0, chunk.length);
          return;
        }
        keepBytes(chunk, 0, nl);
        byteLine(carryBytes, 0, carryLen, out, false);
        carryLen = 0;
        pos = nl + 1;
        nl = chunk.indexOf(10, pos);
      }
      const noCr = chunk.indexOf(13, pos) < 0; // then no line of it can end early at a lone \r
      while (nl >= 0) {
        byteLine(chunk, pos, nl, out, noCr);
        pos = nl + 1;
        nl = chunk.indexOf(10, pos);
      }
      if (pos < chunk.length) keepBytes(chunk, pos, chunk.length);
    },
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
      if (carryLen > 0) {
        byteLine(carryBytes, 0, carryLen, out, false);
        carryLen = 0;
      }
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
