import type { Candle } from '../analytics/candle.js';
import { findColumn, normaliseHeaderName, splitCsvLine } from './csv-fields.js';
import { decimalPlaces } from './decimal-text.js';
import { epochTextToMs } from './utc-time.js';

// data.binance.vision kline files (binance/binance-public-data README, "Klines"): spot files have no
// header, USD-M futures files have one. A real line (spot BTCUSDT-1m-2024-01-01.csv, first minute):
//   1704067200000,42283.58000000,42288.00000000,42261.02000000,42266.95000000,13.70612000,1704067259999,579426.35515540,624,6.64918000,281051.16154220,0
//   open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore
// Spot open_time is in microseconds from 2025-01-01 on (epochTextToMs tells by magnitude).

/** One candle row before its timeframe is known (the file does not say; the spacing of rows does). */
export type CandleRow = Omit<Candle, 'timeframe'>;

interface KlineColumns {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** -1 when the file has no such column (a header-only subset, e.g. a pandas export). */
  count: number;
  takerBuy: number;
}

const headerless: KlineColumns = { openTime: 0, open: 1, high: 2, low: 3, close: 4, volume: 5, count: 8, takerBuy: 9 };

const aliases = {
  openTime: ['open_time', 'opentime', 'timestamp', 'time'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume'],
  count: ['count', 'trades', 'number_of_trades', 'numberoftrades', 'trade_count', 'num_trades'],
  takerBuy: ['taker_buy_volume', 'taker_buy_base_asset_volume', 'takerbuybaseassetvolume', 'taker_buy_base_volume', 'taker_buy_base'],
} as const;

/**
 * Parses a Binance public-data kline CSV (with or without header) into candle rows in file order.
 * With `taker_buy_volume` the aggressor split is known: buyVolume = taker buy, sellVolume = volume −
 * taker buy (exact on the printed decimals), trades = count; buy/sell trade counts are not in the file
 * and stay NaN (unknown, as venue OHLCV in ohlcv-warmup.ts). Any bad row throws with its line number:
 * a warm-up that silently skipped rows would seed the regime with a gap.
 */
export function parseBinanceKlineCsv(text: string, source = 'kline CSV'): CandleRow[] {
  const lines = text.split(/\r?\n/);
  const out: CandleRow[] = [];
  let cols: KlineColumns | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const fields = splitCsvLine(line);
    if (cols === null) {
      if (!/^\d/.test(fields[0] ?? '')) {
        cols = headerColumns(fields, source);
        continue;
      }
      cols = headerless;
    }
    out.push(decodeRow(fields, cols, `${source} line ${i + 1}`));
  }
  return out;
}

function headerColumns(header: readonly string[], source: string): KlineColumns {
  const names = header.map(normaliseHeaderName);
  const col = (k: keyof typeof aliases): number => findColumn(names, aliases[k]);
  const c: KlineColumns = {
    openTime: col('openTime'),
    open: col('open'),
    high: col('high'),
    low: col('low'),
    close: col('close'),
    volume: col('volume'),
    count: col('count'),
    takerBuy: col('takerBuy'),
  };
  const missing = (['openTime', 'open', 'high', 'low', 'close', 'volume'] as const).filter((k) => c[k] < 0);
  if (missing.length > 0) {
    throw new Error(
      `${source}: header "${header.join(',')}" has no ${missing.join(', ')} column; a Binance kline CSV has open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore`,
    );
  }
  return c;
}

function decodeRow(fields: readonly string[], c: KlineColumns, where: string): CandleRow {
  const text = (i: number): string => (i >= 0 ? (fields[i] ?? '') : '');
  const num = (i: number): number => (decimalPlaces(text(i)) < 0 ? NaN : Number(text(i)));
  const openTime = epochTextToMs(text(c.openTime));
  const open = num(c.open);
  const high = num(c.high);
  const low = num(c.low);
  const close = num(c.close);
  const volume = num(c.volume);
  if (Number.isNaN(openTime)) throw new Error(`${where}: open_time "${text(c.openTime)}" is not an epoch in ms or µs; is this a Binance kline CSV?`);
  let buyVolume = NaN;
  let sellVolume = NaN;
  let trades = NaN;
  if (c.takerBuy >= 0 && text(c.takerBuy) !== '') {
    buyVolume = num(c.takerBuy);
    // Exact on the decimals as printed: 13.70612000 − 6.64918000 is 7.05694, not 7.056939999999999.
    const places = Math.max(decimalPlaces(text(c.volume)), decimalPlaces(text(c.takerBuy)));
    sellVolume = Number((volume - buyVolume).toFixed(Math.min(places, 20)));
  }
  if (c.count >= 0 && text(c.count) !== '') trades = num(c.count);
  const row: CandleRow = { openTime, open, high, low, close, volume, buyVolume, sellVolume, trades, buyTrades: NaN, sellTrades: NaN };
  const problem = candleRowProblem(row);
  if (problem !== null) throw new Error(`${where}: ${problem}: "${fields.join(',')}"`);
  return row;
}

/** Why a candle row cannot be a real candle, or null. Shared by every candle-file parser. */
export function candleRowProblem(r: CandleRow): string | null {
  if (![r.open, r.high, r.low, r.close, r.volume].every(Number.isFinite)) return 'open, high, low, close and volume must be numbers';
  if (r.low <= 0) return 'prices must be positive';
  if (r.high < Math.max(r.open, r.close, r.low) || r.low > Math.min(r.open, r.close)) return 'high/low do not bracket open and close';
  if (r.volume < 0) return 'volume is negative';
  if (!Number.isNaN(r.buyVolume) && (!(r.buyVolume >= 0) || r.buyVolume > r.volume)) return 'taker buy volume is not within 0..volume';
  if (!Number.isNaN(r.trades) && !(Number.isInteger(r.trades) && r.trades >= 0)) return 'trade count is not a non-negative integer';
  return null;
}
