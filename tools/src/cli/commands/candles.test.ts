import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { candlesCommand } from './candles.js';

const tape = new URL('../../../../sample-data/tapes/ethusdt-trades-2023-02-02.csv', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cascade-candles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cli candles', () => {
  it('the 09:20 1m candle of the real ETH/USDT tape equals the hand count', async () => {
    const out = join(tmp, 'c.csv');
    expect(await candlesCommand.run(['--tape', tape, '--timeframe', '1m', '--out', out])).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,open,high,low,close,volume,buy_volume,sell_volume,trades,buy_trades,sell_trades');
    // By awk over the file, trades with 1675329600000 ≤ timestamp < 1675329660000 (09:20:00–09:20:59.999):
    //   first price 1666.8, max 1667.25, min 1666.68, last 1667.23, Σ amount 931.486, buys 153 (548.695),
    //   sells 112 (382.791), 265 trades.
    expect(lines[1]).toBe('1675329600000,1666.8,1667.25,1666.68,1667.23,931.486,548.695,382.791,265,153,112');
    expect(lines).toHaveLength(5); // 09:20 … 09:23, the last holding the tape's last trades
  });

  it('--format json gives the same columns as numbers; the whole tape is one 5m candle of 1,000 trades', async () => {
    const out = join(tmp, 'c.json');
    expect(await candlesCommand.run(['--tape', tape, '--timeframe', '5m', '--format', 'json', '--out', out])).toBe(0);
    const rows = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number>[];
    expect(rows).toHaveLength(1);
    // The file has 1,000 trades, 527 buys (README of the shared data; awk agrees), first 1666.8, last 1667.3.
    expect(rows[0]).toMatchObject({ timestamp: 1675329600000, open: 1666.8, close: 1667.3, trades: 1000, buy_trades: 527, sell_trades: 473 });
  });

  it('a tape format given as --format, a bad timeframe and a missing file say what to do', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await candlesCommand.run(['--tape', tape, '--timeframe', '1m', '--format', 'ccxt-csv'])).toBe(2);
    expect(err.mock.calls[0]?.[0]).toMatch(/--format is the output format here: csv or json.*--tape-format/);
    expect(await candlesCommand.run(['--tape', tape, '--timeframe', '1h'])).toBe(2);
    expect(err.mock.calls[1]?.[0]).toMatch(/--timeframe must be 1m, 5m or 15m, got "1h"/);
    err.mockRestore();
    await expect(candlesCommand.run(['--tape', join(tmp, 'missing.csv'), '--timeframe', '1m'])).rejects.toThrow(/cannot be read.*give the path of a tape file/);
  });
});
