// Where Binance's public data lives (data.binance.vision, binance/binance-public-data README and its
// python/utility.py get_path):
//   data/spot/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2024-01-01.zip
//   data/futures/um/monthly/trades/BTCUSDT/BTCUSDT-trades-2024-01.zip
//   data/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2024-01-01.zip
//   data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.zip
// and beside each zip `<name>.zip.CHECKSUM`, one line `<sha256 hex>  <name>.zip`.

export const Market = {
  Spot: 'spot',
  /** USDⓈ-M futures (the USDT perpetuals): `data/futures/um/…`. */
  Um: 'um',
} as const;
export type Market = (typeof Market)[keyof typeof Market];

export const DataKind = {
  AggTrades: 'aggTrades',
  Trades: 'trades',
  Klines: 'klines',
  FundingRate: 'fundingRate',
} as const;
export type DataKind = (typeof DataKind)[keyof typeof DataKind];

export const Period = {
  Daily: 'daily',
  Monthly: 'monthly',
} as const;
export type Period = (typeof Period)[keyof typeof Period];

/** Kline intervals Binance publishes; the last three come in monthly files only, `1s` on spot only. */
export const klineIntervals = ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1mo'] as const;
export type KlineInterval = (typeof klineIntervals)[number];
const monthlyOnlyIntervals: ReadonlySet<KlineInterval> = new Set(['3d', '1w', '1mo']);

/** What to fetch: one symbol's one kind of file on one market. */
export interface DataSeries {
  readonly market: Market;
  /** Binance's concatenated symbol, upper case: BTCUSDT. */
  readonly symbol: string;
  readonly kind: DataKind;
  /** Klines only. */
  readonly interval?: KlineInterval;
}

/** One file of a series: a day (`2024-01-05`) or a month (`2024-01`). */
export interface SeriesFile {
  readonly period: Period;
  readonly label: string;
  readonly fileName: string;
  /** Path on the server, without a leading slash. */
  readonly remotePath: string;
  /** Path under the local data root: binance/<market>/<SYMBOL>/<kind>[/<interval>]/<fileName>. */
  readonly localPath: string;
}

/** Funding rates are published by month only (there is no daily/fundingRate folder); so are the long kline intervals. */
export function isMonthlyOnly(series: DataSeries): boolean {
  if (series.kind === DataKind.FundingRate) return true;
  return series.kind === DataKind.Klines && series.interval !== undefined && monthlyOnlyIntervals.has(series.interval);
}

export function seriesFile(series: DataSeries, period: Period, label: string): SeriesFile {
  const { market, symbol, kind } = series;
  const klines = kind === DataKind.Klines;
  if (klines && series.interval === undefined) throw new Error('klines need an interval');
  const nameKind = klines ? (series.interval as string) : kind;
  const fileName = `${symbol}-${nameKind}-${label}.zip`;
  const marketPath = market === Market.Spot ? 'data/spot' : `data/futures/${market}`;
  const folder = klines ? `${kind}/${symbol}/${series.interval as string}` : `${kind}/${symbol}`;
  const localFolder = klines ? `${kind}/${series.interval as string}` : kind;
  return {
    period,
    label,
    fileName,
    remotePath: `${marketPath}/${period}/${folder}/${fileName}`,
    localPath: `binance/${market}/${symbol}/${localFolder}/${fileName}`,
  };
}
