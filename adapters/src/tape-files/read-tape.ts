import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { TapeFormat, detectTapeFormat, isTapeFormat, supportedTapeFormatsText, tryInferTapeIdentity, unknownExchange, venueOfTapeFormat } from '@cascade/core';
import { Packing, packingOf, readHeadText } from './byte-source.js';
import { openParquetTape } from './parquet-tape.js';
import type { Tape } from './tape.js';
import { openTextTape } from './text-tape.js';

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

/** A twentieth of a second of reading (~2 M rows/s on the byte path); a liquid market shows all its decimals well within it. */
const defaultSampleRows = 100_000;

/**
 * Opens a tape: plain, `.gz` or `.zip` text (CSV bytes parsed in fixed-size chunks, ccxt JSON
 * streamed as text chunks: neither is ever held whole), or Parquet through DuckDB. Detects the format from
 * the content unless given, and venue/symbol from the file name unless given. The streaming of each
 * kind is text-tape.ts (sampled at open by text-sample.ts) and parquet-tape.ts.
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
  const { exchange, symbol } = identity(path, opts, format);
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

function identity(path: string, opts: OpenTapeOptions, format: TapeFormat): { exchange: string; symbol: string } {
  const inferred = tryInferTapeIdentity(basename(path));
  const symbol = opts.symbol ?? inferred.symbol;
  if (symbol === null) {
    throw new Error(`cannot tell the symbol of ${path} from its name; pass it (--symbol BASE/QUOTE, e.g. --symbol BTC/USDT) or rename the file like binance-btcusdt-trades-2024-01.csv`);
  }
  // A name without a venue: the layout may tell it (a data.binance.vision CSV is Binance's whatever it is called).
  const exchange = opts.exchange ?? (inferred.exchange !== unknownExchange ? inferred.exchange : (venueOfTapeFormat(format) ?? unknownExchange));
  return { exchange, symbol };
}
