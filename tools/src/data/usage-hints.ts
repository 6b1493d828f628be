import { isAbsolute, relative } from 'node:path';
import { splitPair } from '@cascade/core';
import { DataKind, type DataSeries, Market } from './binance-layout.js';

/**
 * The flag of the Cascade command that reads each kind of file. Trades and aggTrades are tapes (the
 * tape reader opens Binance's zips as they are); klines seed the regime's warm-up; funding rates feed
 * perpetual backtests.
 */
export const readerFlag = {
  [DataKind.Trades]: '--tape',
  [DataKind.AggTrades]: '--tape',
  [DataKind.Klines]: '--warmup',
  [DataKind.FundingRate]: '--funding',
} as const satisfies Record<DataKind, string>;

/** A path as the user should type it: relative to where npm runs (the repo root) when inside it. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The ccxt symbol of the series: BTC/USDT on spot, BTC/USDT:USDT for a USDT-margined perpetual. */
export function ccxtSymbol(series: DataSeries): string | null {
  const pair = splitPair(series.symbol);
  if (pair === null) return null;
  return series.market === Market.Um ? `${pair}:${pair.split('/')[1] as string}` : pair;
}

/** Example commands that use the downloaded files (shown paths already relative). */
export function usageLines(series: DataSeries, shownPaths: readonly string[]): string[] {
  const first = shownPaths[0];
  if (first === undefined) return [];
  const flag = readerFlag[series.kind];
  const symbol = ccxtSymbol(series);
  // The file name says BTCUSDT, which the reader takes for spot; a futures tape needs its perp symbol.
  const symbolArg = series.market === Market.Um && symbol !== null ? ` --symbol ${symbol}` : '';
  const stem = (first.split('/').pop() ?? first).replace(/\.zip$/, '');
  if (flag === '--tape') {
    return [
      `Backtest or replay a file (${flag} takes one file; run once per file):`,
      `  npm run backtest -- --tape ${first}${symbolArg} --out reports/${stem}`,
      `  npm start -- --tape ${first}${symbolArg}`,
    ];
  }
  const what = flag === '--warmup' ? 'Warm the regime up from these candles' : 'Apply these funding rates to a perpetual backtest';
  return [`${what} (${flag} FILE):`, `  npm run backtest -- --tape <tape>${symbolArg} ${flag} ${first} --out reports/<name>`];
}
