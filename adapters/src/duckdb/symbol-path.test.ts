import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { symbolDbPath, symbolDirName, symbolFromDirName } from './symbol-path.js';

describe('symbol directory names', () => {
  it('maps unified symbols to readable, filesystem-safe names', () => {
    expect(symbolDirName('XRP/ETH')).toBe('XRP-ETH');
    expect(symbolDirName('BTC/USDT')).toBe('BTC-USDT');
    expect(symbolDirName('BTC/USDT:USDT')).toBe('BTC-USDT_USDT');
    // '-' is 0x2D: escaped, because '-' in a name always means '/'.
    expect(symbolDirName('BTC/USD:BTC-250328')).toBe('BTC-USD_BTC%2D250328');
    expect(symbolDirName('1000SHIB/USDT')).toBe('1000SHIB-USDT');
    expect(symbolDirName('BTC.D/USD')).toBe('BTC.D-USD');
  });

  it('never yields a hidden, relative or separator-bearing name', () => {
    expect(symbolDirName('..')).toBe('%2E.');
    expect(symbolDirName('.')).toBe('%2E');
    // '\\' is 0x5C, ' ' 0x20, '%' 0x25, 'é' is C3 A9 in UTF-8.
    expect(symbolDirName('A\\B C%é')).toBe('A%5CB%20C%25%C3%A9');
    for (const s of ['../etc/passwd', 'A/B/C', 'a b', 'x\u0000y']) expect(symbolDirName(s)).toMatch(/^[A-Za-z0-9%][A-Za-z0-9.%_-]*$/);
  });

  it('is reversible, so two symbols never share a directory', () => {
    const symbols = ['XRP/ETH', 'XRP-ETH', 'XRP_ETH', 'XRP:ETH', 'A/B-C', 'A-B/C', 'BTC/USD:BTC-250328-90000-C', '..', '.x', 'é/€', 'a%2Fb'];
    const names = symbols.map(symbolDirName);
    expect(new Set(names).size).toBe(symbols.length);
    for (const s of symbols) expect(symbolFromDirName(symbolDirName(s))).toBe(s);
  });

  it('builds data/{exchange}/{market}/{symbol}/trading.duckdb and refuses unsafe exchange ids', () => {
    expect(symbolDbPath('data', { exchange: 'binance', marketType: 'spot', symbol: 'XRP/ETH' })).toBe(join('data', 'binance', 'spot', 'XRP-ETH', 'trading.duckdb'));
    expect(() => symbolDbPath('data', { exchange: '../x', marketType: 'spot', symbol: 'A/B' })).toThrow('not a safe path segment');
    expect(() => symbolDbPath('data', { exchange: 'Binance', marketType: 'spot', symbol: 'A/B' })).toThrow('not a safe path segment');
    expect(() => symbolDirName('')).toThrow('empty');
  });
});
