import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { readWarmupFile } from './read-warmup.js';

const tmp = mkdtempSync(join(tmpdir(), 'cascade-read-warmup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// 30 minutes of 1m klines in data.binance.vision's spot layout (no header, 12 columns), 00:00–00:29
// UTC 2024-01-01: minute m opens at 100+m, closes at 101+m, high +0.5, low −0.5, volume 2, taker buy 0.5.
const t0 = 1704067200000;
const klines = Array.from({ length: 30 }, (_, m) => {
  const t = t0 + m * 60_000;
  return `${t},${100 + m}.00000000,${101.5 + m}0000000,${99.5 + m}0000000,${101 + m}.00000000,2.00000000,${t + 59_999},200.00000000,3,0.50000000,50.00000000,0`;
}).join('\n');

describe('readWarmupFile', () => {
  it('reads a zipped Binance kline CSV (as data.binance.vision serves it): 1m and two folded 15m candles', async () => {
    const path = join(tmp, 'BTCUSDT-1m-2024-01-01.zip');
    writeFileSync(path, zipSync({ 'BTCUSDT-1m-2024-01-01.csv': strToU8(`${klines}\n`) }));
    const w = await readWarmupFile(path);
    expect(w['1m']).toHaveLength(30);
    // By hand, 00:15–00:29: open 115, close 130, high 115.5+15 = 130.5, low 99.5+15 = 114.5, volume 15 × 2 = 30, buy 7.5, sell 22.5, trades 45.
    expect(w['15m']).toHaveLength(2);
    expect(w['15m']?.[1]).toEqual({ timeframe: '15m', openTime: t0 + 900_000, open: 115, high: 130.5, low: 114.5, close: 130, volume: 30, buyVolume: 7.5, sellVolume: 22.5, trades: 45, buyTrades: NaN, sellTrades: NaN });
  });

  it('reads gzip and ccxt OHLCV JSON alike', async () => {
    const gz = join(tmp, 'k.csv.gz');
    writeFileSync(gz, gzipSync(`${klines}\n`));
    expect((await readWarmupFile(gz))['15m']).toHaveLength(2);
    const json = join(tmp, 'ohlcv-15m.json');
    writeFileSync(json, JSON.stringify([[t0, 1, 2, 0.5, 1.5, 3], [t0 + 900_000, 1.5, 2, 1, 1.8, 4]]));
    const w = await readWarmupFile(json);
    expect(w['1m']).toBeUndefined();
    expect(w['15m']?.map((c) => c.volume)).toEqual([3, 4]);
  });

  it('a missing file says what to give', async () => {
    await expect(readWarmupFile(join(tmp, 'nope.csv'))).rejects.toThrow(/cannot be read.*Binance kline CSV or ccxt OHLCV JSON/);
  });
});
