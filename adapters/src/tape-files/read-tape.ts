import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Trade } from '@cascade/core';
import {
  type CsvTapeFormat,
  type CsvTradeParser,
  type TapeParser,
  type TapePrecision,
  type TextTapeFormat,
  TapeFormat,
  TradeAssembler,
  createCsvTradeParser,
  createTapeParser,
  detectTapeFormat,
  emptyRawTrade,
  isCsvTapeFormat,
  supportedTapeFormatsText,
  isTapeFormat,
  tryInferTapeIdentity,
  zeroTapeRejectCounts,
} from '@cascade/core';
import { Packing, openBytes, packingOf, readHeadText, readLastLine } from './byte-source.js';
import { parquetRows, parquetTimeRange, planParquet, type ParquetPlan } from './parquet-source.js';

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

export interface OpenTapeOptions {
  /** Skip detection (the streamer's `--format`). */
  readonly format?: TapeFormat;
  /** BASE/QUOTE, when the file name does not say. */
  readonly symbol?: string;
  /** Venue id, when the file name does not say (default: from the name, else `unknown`). */
  readonly exchange?: string;
  /** Trades read at open to measure precision (default 100,000); Infinity reads the whole file first. */
  readonly sampleRows?: number;
}

/** Large enough to amortise the per-batch await, small enough that the first trades arrive at once. */
const defaultMaxBatch = 1_000;
/** Under half a second of reading (~250k rows/s through readline); a liquid market shows all its decimals well within it. */
const defaultSampleRows = 100_000;

/**
 * Opens a tape: plain, `.gz` or `.zip` text (CSV read line by line through node:readline, ccxt JSON
 * streamed in chunks: neither is ever held whole), or Parquet through DuckDB. Detects the format from
 * the content unless given, and venue/symbol from the file name unless given.
 */
export async function openTape(path: string, opts: OpenTapeOptions = {}): Promise<Tape> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error('not a file');
  } catch (e) {
    throw new Error(`tape ${path} cannot be read (${(e as Error).message}); give the path of a tape file`, { cause: e });
  }
  if (opts.format !== undefined && !isTapeFormat(opts.format)) {
    throw new Error(`unknown tape format "${String(opts.format)}" for ${path}; --format takes one of ${supportedTapeFormatsText()}`);
  }
  const packing = await packingOf(path);
  const format = opts.format ?? (await detect(path, packing));
  if (packing === Packing.Parquet && format !== TapeFormat.Parquet) {
    throw new Error(`${path} is a Parquet file but --format ${format} was given; use --format parquet or leave it out`);
  }
  const { exchange, symbol } = identity(path, opts);
  const sampleRows = opts.sampleRows ?? defaultSampleRows;
  if (format === TapeFormat.Parquet) return openParquetTape(path, exchange, symbol, sampleRows);
  return openTextTape(path, packing, format, exchange, symbol, sampleRows);
}

async function detect(path: string, packing: Packing): Promise<TapeFormat> {
  if (packing === Packing.Parquet) return TapeFormat.Parquet;
  const head = await readHeadText(path, packing);
  try {
    return detectTapeFormat(path, head);
  } catch (e) {
    throw new Error(`${(e as Error).message}. Say which with --format <format> (openTape's \`format\` option).`, { cause: e });
  }
}

function identity(path: string, opts: OpenTapeOptions): { exchange: string; symbol: string } {
  const inferred = tryInferTapeIdentity(basename(path));
  const symbol = opts.symbol ?? inferred.symbol;
  if (symbol === null) {
    throw new Error(`cannot tell the symbol of ${path} from its name; pass it (--symbol BASE/QUOTE, e.g. --symbol BTC/USDT) or rename the file like binance-btcusdt-trades-2024-01.csv`);
  }
  return { exchange: opts.exchange ?? inferred.exchange, symbol };
}

function maxPrecision(a: TapePrecision, b: TapePrecision | null): TapePrecision {
  if (b === null) return a;
  return { pricePrecision: Math.max(a.pricePrecision, b.pricePrecision), amountPrecision: Math.max(a.amountPrecision, b.amountPrecision) };
}

function withPath(path: string, e: unknown): Error {
  const msg = (e as Error).message ?? String(e);
  return msg.includes(path) ? (e as Error) : new Error(`${path}: ${msg}`, { cause: e });
}

/** Splits `out` into batches of at most `max`, leaving the remainder in `out`. */
function* takeFull(out: Trade[], max: number): Generator<Trade[]> {
  while (out.length >= max) yield out.splice(0, max);
}

function statsOf(p: { stats(): { accepted: number; rejected: Record<string, number>; unchangedQuotes: number } } | null): TapeStats {
  if (p === null) return { accepted: 0, rejected: { ...zeroTapeRejectCounts() }, unchangedQuotes: 0 };
  const s = p.stats();
  return { accepted: s.accepted, rejected: s.rejected, unchangedQuotes: s.unchangedQuotes };
}

function assertCanIterate(used: boolean, path: string, maxBatch: number): void {
  if (used) throw new Error(`${path}: Tape.batches() can be iterated once; open the tape again to re-read it`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`${path}: batches(maxBatch) needs a positive integer, got ${maxBatch}`);
}

async function openTextTape(path: string, packing: Packing, format: TextTapeFormat, exchange: string, symbol: string, sampleRows: number): Promise<Tape> {
  const sample = await sampleText(path, packing, format, sampleRows);
  let live: TapeParser | null = null;
  let used = false;

  async function* batches(maxBatch = defaultMaxBatch): AsyncGenerator<Trade[]> {
    assertCanIterate(used, path, maxBatch);
    used = true;
    const parser = createTapeParser(format);
    live = parser;
    const input = openBytes(path, packing);
    const out: Trade[] = [];
    try {
      if (isCsvTapeFormat(format)) {
        const csv = parser as CsvTradeParser;
        const lines = createInterface({ input, crlfDelay: Infinity });
        for await (const line of lines) {
          const t = csv.pushLine(line);
          if (t !== null && out.push(t) >= maxBatch) yield out.splice(0, out.length);
        }
      } else {
        const decoder = new TextDecoder('utf-8');
        for await (const chunk of input as AsyncIterable<Uint8Array>) {
          parser.push(decoder.decode(chunk, { stream: true }), out);
          yield* takeFull(out, maxBatch);
        }
        parser.push(decoder.decode(), out);
      }
      parser.finish(out);
      yield* takeFull(out, maxBatch);
      if (out.length > 0) yield out.splice(0, out.length);
    } catch (e) {
      throw withPath(path, e);
    } finally {
      input.destroy();
    }
  }

  return {
    path,
    format,
    exchange,
    symbol,
    get precision() {
      return maxPrecision(sample.precision, live?.precision ?? null);
    },
    timeRange: sample.timeRange,
    batches,
    stats: () => statsOf(live),
  };
}

interface Sample {
  precision: TapePrecision;
  timeRange: { first: number; last: number } | null;
}

/** Parses the first `rows` trades (all of a small file) for precision and time range, then stops reading. */
async function sampleText(path: string, packing: Packing, format: TextTapeFormat, rows: number): Promise<Sample> {
  const parser = createTapeParser(format);
  const input = openBytes(path, packing);
  const out: Trade[] = [];
  let first = NaN;
  let last = NaN;
  let complete = true; // until the sample stops short of the end
  let headerLine: string | null = null;
  const note = (t: Trade): void => {
    if (Number.isNaN(first)) first = t.ts;
    last = t.ts;
  };
  try {
    if (isCsvTapeFormat(format)) {
      const csv = parser as CsvTradeParser;
      const lines = createInterface({ input, crlfDelay: Infinity });
      let seen = 0;
      for await (const line of lines) {
        if (headerLine === null && line.trim() !== '') headerLine = line;
        const t = csv.pushLine(line);
        if (t !== null) {
          note(t);
          if (++seen >= rows) {
            complete = false;
            break;
          }
        }
      }
      if (!csv.hadHeader) headerLine = null;
    } else {
      const decoder = new TextDecoder('utf-8');
      for await (const chunk of input as AsyncIterable<Uint8Array>) {
        parser.push(decoder.decode(chunk, { stream: true }), out);
        for (const t of out) note(t);
        const seen = parser.stats().accepted;
        out.length = 0;
        if (seen >= rows) {
          complete = false;
          break;
        }
      }
    }
    if (complete) {
      parser.finish(out);
      for (const t of out) note(t);
    }
  } catch (e) {
    throw withPath(path, e);
  } finally {
    input.destroy();
  }
  let timeRange: Sample['timeRange'] = Number.isNaN(first) ? null : { first, last };
  if (!complete && timeRange !== null && packing === Packing.Plain && isCsvTapeFormat(format)) {
    const lastTs = await lastLineTime(path, format, headerLine);
    timeRange = lastTs === null ? null : { first: timeRange.first, last: lastTs };
  } else if (!complete) {
    timeRange = null;
  }
  return { precision: parser.precision, timeRange };
}

/** Time of the last line of a plain CSV (a fresh parser given the header first, when there is one). */
async function lastLineTime(path: string, format: CsvTapeFormat, headerLine: string | null): Promise<number | null> {
  const line = await readLastLine(path);
  if (line === null) return null;
  const parser = createCsvTradeParser(format);
  if (headerLine !== null) parser.pushLine(headerLine);
  return parser.pushLine(line)?.ts ?? null;
}

async function openParquetTape(path: string, exchange: string, symbol: string, sampleRows: number): Promise<Tape> {
  let plan: ParquetPlan;
  try {
    plan = await planParquet(path);
  } catch (e) {
    throw withPath(path, e);
  }
  const timeRange = await parquetTimeRange(path, plan);
  // Precision from the decimal text of the first `sampleRows` rows, as for text tapes.
  const sample = new TradeAssembler();
  const raw = emptyRawTrade();
  let seen = 0;
  sampling: for await (const rows of parquetRows(path, plan)) {
    for (const row of rows) {
      plan.read(row, raw);
      if (sample.accept(raw) !== null && ++seen >= sampleRows) break sampling;
    }
  }
  const samplePrecision = sample.precision;
  let live: TradeAssembler | null = null;
  let used = false;

  async function* batches(maxBatch = defaultMaxBatch): AsyncGenerator<Trade[]> {
    assertCanIterate(used, path, maxBatch);
    used = true;
    const assembler = new TradeAssembler();
    live = assembler;
    const row = emptyRawTrade();
    const out: Trade[] = [];
    try {
      for await (const rows of parquetRows(path, plan)) {
        for (const r of rows) {
          plan.read(r, row);
          const t = assembler.accept(row);
          if (t !== null && out.push(t) >= maxBatch) yield out.splice(0, out.length);
        }
      }
      if (out.length > 0) yield out.splice(0, out.length);
    } catch (e) {
      throw withPath(path, e);
    }
  }

  return {
    path,
    format: TapeFormat.Parquet,
    exchange,
    symbol,
    get precision() {
      return maxPrecision(samplePrecision, live?.precision ?? null);
    },
    timeRange,
    batches,
    stats: () => statsOf(live),
  };
}
