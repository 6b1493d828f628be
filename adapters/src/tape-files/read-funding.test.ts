import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readFundingFile } from './read-funding.js';

const samples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../sample-data/funding');
const csv = join(samples, 'BTCUSDT-fundingRate-2024-01-head.csv');
const json = join(samples, 'binanceusdm-BTC-USDT-USDT-funding-2024-01-head.json');
// Binance's BTCUSDT settlements (sample-data/funding/README.md): 2024-01-01 00:00 UTC = 1704067200000 → 0.00037409,
// 08:00 UTC = 1704096000000 → 0.00027213; 16:00 is not in the sample.
const T0 = Date.UTC(2024, 0, 1, 0);
const T8 = Date.UTC(2024, 0, 1, 8);

describe('funding-rate files (real layouts in sample-data/funding)', () => {
  it('reads the Binance public-data fundingRate CSV exactly', async () => {
    const s = await readFundingFile(csv);
    expect([s.size, s.rateAt(T0), s.rateAt(T8), s.rateAt(Date.UTC(2024, 0, 1, 16))]).toEqual([2, '0.00037409', '0.00027213', null]);
  });

  it('reads the ccxt fetchFundingRateHistory JSON to the same series', async () => {
    const s = await readFundingFile(json);
    expect([s.size, s.rateAt(T0), s.rateAt(T8)]).toEqual([2, '0.00037409', '0.00027213']);
  });

  it('reads a gzipped copy like the plain one', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'cascade-funding-')), 'f.csv.gz');
    writeFileSync(p, gzipSync(readFileSync(csv)));
    expect((await readFundingFile(p)).rateAt(T8)).toBe('0.00027213');
  });

  it('a headerless Binance CSV (older monthly files) reads by position', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'cascade-funding-')), 'old.csv');
    writeFileSync(p, '1704067200000,8,0.00037409\n');
    expect((await readFundingFile(p)).rateAt(T0)).toBe('0.00037409');
  });

  it('refuses what is not a funding file, saying what to give', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-funding-'));
    const kline = join(dir, 'k.csv');
    writeFileSync(kline, 'open_time,open,high,low,close\n1,2,3,4,5\n');
    await expect(readFundingFile(kline)).rejects.toThrow(/not a Binance funding file \(expected calc_time,funding_interval_hours,last_funding_rate\)/);
    const bad = join(dir, 'b.json');
    writeFileSync(bad, '[{"fundingRate":"0.0001","timestamp":1}]');
    await expect(readFundingFile(bad)).rejects.toThrow(/entry 0: not a ccxt funding-rate-history entry/);
    await expect(readFundingFile(join(dir, 'missing.csv'))).rejects.toThrow(/cannot be read .*fundingRate CSV/);
  });
});
