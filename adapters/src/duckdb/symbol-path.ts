import { join } from 'node:path';
import type { MarketSpec } from '@cascade/core';

/** §2.2.7: one database file per symbol, `data/{exchange}/{market}/{symbol}/trading.duckdb`. */
export const DB_FILE_NAME = 'trading.duckdb';

/** Exchange ids (ccxt: `binance`, `binanceusdm`) and market types (`spot`, `perp`) are used as path segments verbatim. */
const SEGMENT = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * A unified symbol as one directory name, reversibly:
 * - letters, digits and `.` stay (a leading `.` is escaped, so no name is hidden, `.` or `..`);
 * - `/` becomes `-` and `:` becomes `_` (`XRP/ETH` → `XRP-ETH`, `BTC/USDT:USDT` → `BTC-USDT_USDT`);
 * - every other character, `-`, `_` and `%` included, becomes `%XX` per UTF-8 byte
 *   (`BTC/USD:BTC-250328` → `BTC-USD_BTC%2D250328`).
 * Since `-`, `_` and `%` only ever come from the mapping, two symbols never share a directory
 * (on a case-sensitive filesystem; venues do not list symbols that differ only in case).
 */
export function symbolDirName(symbol: string): string {
  if (symbol.length === 0) throw new Error('symbol must not be empty');
  let out = '';
  for (const ch of symbol) {
    if (ch === '/') out += '-';
    else if (ch === ':') out += '_';
    else if (/^[A-Za-z0-9]$/.test(ch) || (ch === '.' && out.length > 0)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Inverse of `symbolDirName`, for tools that list the data directory. */
export function symbolFromDirName(dir: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < dir.length; i++) {
    const ch = dir[i] as string;
    if (ch === '%') {
      const hex = dir.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) throw new Error(`not a symbol directory name: ${dir}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch === '-' ? '/' : ch === '_' ? ':' : ch, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `{rootDir}/{exchange}/{marketType}/{symbolDirName(symbol)}/trading.duckdb` */
export function symbolDbPath(rootDir: string, market: Pick<MarketSpec, 'exchange' | 'marketType' | 'symbol'>): string {
  for (const [what, v] of [['exchange', market.exchange], ['market type', market.marketType]] as const) {
    if (!SEGMENT.test(v)) throw new Error(`${what} "${v}" is not a safe path segment (lowercase letters, digits, _ and -)`);
  }
  return join(rootDir, market.exchange, market.marketType, symbolDirName(market.symbol), DB_FILE_NAME);
}
