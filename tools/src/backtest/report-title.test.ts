import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultStrategyConfig } from '@cascade/core';
import { backtestTape } from './run-backtest.js';

const repo = join(import.meta.dirname, '../../..');
const tmp = () => mkdtempSync(join(tmpdir(), 'cascade-bt-title-'));

describe('report title: the venue, never "unknown"', () => {
  it('a Binance public-data trades CSV named without a venue is Binance (the layout says so)', async () => {
    // The first 300 rows of the shipped Binance spot tape, renamed so the name carries no venue.
    const rows = gunzipSync(readFileSync(join(repo, 'sample-data/tapes/binance-ethusdt-trades-2024-08-09.csv.gz'))).toString('utf8').split('\n').slice(0, 301);
    const tape = join(tmp(), 'ethusdt-trades-2024-08-09.csv');
    writeFileSync(tape, rows.join('\n') + '\n');
    const out = tmp();
    const r = await backtestTape(tape, {}, { cfg: defaultStrategyConfig, out, startingEquity: '10000' });
    expect(r.market.exchange).toBe('binance');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<h1>Backtest ETH/USDT · binance</h1>');
  });

  it('a ccxt CSV whose name names no venue (any venue writes that layout) says so once instead of "unknown"', async () => {
    const out = tmp();
    await backtestTape(join(repo, 'sample-data/tapes/ethusdt-trades-2023-02-02.csv'), {}, { cfg: defaultStrategyConfig, out, startingEquity: '10000' });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h1>Backtest ETH/USDT</h1>');
    expect(html).toContain('<dt>Venue</dt><dd>not named by the file name or its layout (pass --exchange E)</dd>');
    expect(html).not.toContain('unknown');
  });
});
