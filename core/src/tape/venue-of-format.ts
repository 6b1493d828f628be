import { TapeFormat } from './tape-format.js';

/**
 * The venue a tape's layout belongs to, when only one venue writes it: data.binance.vision's trades
 * and aggTrades CSVs, Kraken's trade history, TrueFX's quotes. The ccxt layouts and Parquet could come
 * from any venue (null). Used when the file name names no venue, so `ethusdt-trades-2023-02-02.csv`
 * (a Binance trades CSV by its columns) reports binance instead of `unknown`.
 */
export function venueOfTapeFormat(format: TapeFormat): string | null {
  switch (format) {
    case TapeFormat.BinanceTradesCsv:
    case TapeFormat.BinanceAggTradesCsv:
      return 'binance';
    case TapeFormat.KrakenCsv:
      return 'kraken';
    case TapeFormat.TrueFxQuotesCsv:
      return 'truefx';
    default:
      return null;
  }
}
