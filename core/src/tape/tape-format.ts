import type { ValueOf } from '../util/value-of.js';

/** The trade-tape layouts users bring (see sample-data/README.md); one parser per text format. */
export const TapeFormat = {
  /** ccxt `fetchTrades` dumps: `[[timestamp_ms, id, type, side, price, amount, cost], …]` or `[{timestamp, id, side, price, amount, …}, …]`. */
  CcxtJson: 'ccxt-json',
  /** ccxt trades written by pandas: `,timestamp,id,type,side,price,amount,cost,date` (columns matched by header name). */
  CcxtCsv: 'ccxt-csv',
  /** data.binance.vision spot `trades`: `id,price,qty,quote_qty,time,is_buyer_maker,is_best_match`. */
  BinanceTradesCsv: 'binance-trades-csv',
  /** data.binance.vision `aggTrades`: `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker[,is_best_match]`. */
  BinanceAggTradesCsv: 'binance-aggtrades-csv',
  /** Kraken's downloadable history: `timestamp_s,price,volume`, no header, no side, no id. */
  KrakenCsv: 'kraken-csv',
  /** TrueFX quotes: `timestamp,bid,ask`; turned into mid-price ticks (no trades in a quote feed). */
  TrueFxQuotesCsv: 'truefx-quotes-csv',
  /** Columnar trades (`timestamp`/`time`, id, price, quantity, buyer-maker flag); read by an adapter, not a text parser. */
  Parquet: 'parquet',
} as const;
export type TapeFormat = ValueOf<typeof TapeFormat>;

export const allTapeFormats: readonly TapeFormat[] = Object.values(TapeFormat);

/** The formats parsed from text (every format but Parquet). */
export type TextTapeFormat = Exclude<TapeFormat, typeof TapeFormat.Parquet>;

/** Line-oriented formats: one trade (or quote) per line, optional header. */
export type CsvTapeFormat = Exclude<TextTapeFormat, typeof TapeFormat.CcxtJson>;

export function isTapeFormat(s: string): s is TapeFormat {
  return (allTapeFormats as readonly string[]).includes(s);
}

export function isCsvTapeFormat(f: TapeFormat): f is CsvTapeFormat {
  return f !== TapeFormat.CcxtJson && f !== TapeFormat.Parquet;
}

/** For error messages: `ccxt-json, ccxt-csv, …`. */
export function supportedTapeFormatsText(): string {
  return allTapeFormats.join(', ');
}

/** Decimal places seen in a tape's raw values (ccxt DECIMAL_PLACES, like `MarketSpec`). */
export interface TapePrecision {
  readonly pricePrecision: number;
  readonly amountPrecision: number;
}
