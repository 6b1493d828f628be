import { parseCsvBoolean, splitCsvLine } from './csv-fields.js';
import { decimalPlaces } from './decimal-text.js';
import { TapeFormat, supportedTapeFormatsText } from './tape-format.js';
import { parseUtcDateTime } from './utc-time.js';

/** Strips a compression suffix: `BTCUSDT-trades-2024-01.csv.gz` → `btcusdt-trades-2024-01.csv`. */
function innerName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.toLowerCase().replace(/\.(gz|gzip|zip)$/, '');
}

function firstLine(head: string): string {
  const text = head.replace(/^\uFEFF/, '');
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') return line;
  }
  return '';
}

const isBool = (s: string | undefined): boolean => s !== undefined && parseCsvBoolean(s) !== null;
const isInt = (s: string | undefined): boolean => s !== undefined && /^\d+$/.test(s);
const isNum = (s: string | undefined): boolean => s !== undefined && decimalPlaces(s) >= 0;
const isDateTime = (s: string | undefined): boolean => s !== undefined && Number.isFinite(parseUtcDateTime(s));

/** A format from a header row, by its column names; null when the names fit none. */
function fromHeader(names: readonly string[]): TapeFormat | null {
  const has = (n: string): boolean => names.includes(n);
  if (has('bid') && has('ask')) return TapeFormat.TrueFxQuotesCsv;
  if (has('agg_trade_id') || has('first_trade_id')) return TapeFormat.BinanceAggTradesCsv;
  if (has('is_buyer_maker') || has('quote_qty')) return TapeFormat.BinanceTradesCsv;
  if (has('side') && has('amount') && has('timestamp')) return TapeFormat.CcxtCsv;
  if (has('price') && has('volume')) return TapeFormat.KrakenCsv;
  return null;
}

/** A format from a headerless data row, by its shape; null when it fits none. */
function fromDataRow(f: readonly string[]): TapeFormat | null {
  if ((f.length === 8 || f.length === 9) && f.some((x) => x === 'buy' || x === 'sell')) return TapeFormat.CcxtCsv;
  // Binance trades: id,price,qty,quote_qty,time,is_buyer_maker,is_best_match
  if (f.length === 7 && isInt(f[0]) && isInt(f[4]) && isBool(f[5]) && isBool(f[6])) return TapeFormat.BinanceTradesCsv;
  // Binance aggTrades: id,price,qty,first_id,last_id,time,is_buyer_maker[,is_best_match]
  if ((f.length === 7 || f.length === 8) && isInt(f[3]) && isInt(f[4]) && isInt(f[5]) && isBool(f[6])) return TapeFormat.BinanceAggTradesCsv;
  // TrueFX raw: USD/JPY,20130101 22:00:00.295,86.655,86.728
  if (f.length === 4 && (f[0] ?? '').includes('/') && isDateTime(f[1]) && isNum(f[2]) && isNum(f[3])) return TapeFormat.TrueFxQuotesCsv;
  if (f.length === 3 && isDateTime(f[0]) && isNum(f[1]) && isNum(f[2])) return TapeFormat.TrueFxQuotesCsv;
  // Kraken: 1672531436,90.540000,1.10448420 (epoch seconds: 10 integer digits until 2286)
  if (f.length === 3 && /^\d{9,10}(\.\d+)?$/.test(f[0] ?? '') && isNum(f[1]) && isNum(f[2])) return TapeFormat.KrakenCsv;
  return null;
}

/**
 * The tape format of a file from its name and its first decoded text (`head`: at least the first
 * line, after gunzip/unzip). Content decides; the name only settles Parquet and JSON.
 * Throws, listing the supported formats, when neither tells.
 */
export function detectTapeFormat(fileName: string, head: string): TapeFormat {
  const name = innerName(fileName);
  if (name.endsWith('.parquet') || head.startsWith('PAR1')) return TapeFormat.Parquet;
  const trimmed = head.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return TapeFormat.CcxtJson;
  const line = firstLine(head);
  if (line !== '' && !name.endsWith('.json')) {
    const fields = splitCsvLine(line);
    const found = fromHeader(fields.map((f) => f.toLowerCase())) ?? fromDataRow(fields);
    if (found !== null) return found;
  }
  const seen = line === '' ? 'an empty file' : `first line ${JSON.stringify(line.slice(0, 120))}`;
  throw new Error(`cannot tell the tape format of ${fileName} (${seen}); supported formats: ${supportedTapeFormatsText()}`);
}
