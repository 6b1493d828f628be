import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Trade } from '@cascade/core';
import { openTape, readWarmupFile } from '@cascade/adapters/tape-files';

const run = promisify(execFile);
const main = new URL('./main.ts', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cascade-synth-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run synth', () => {
  it('writes a gzip Binance trades tape the tape reader opens, and a 1m warm-up readWarmupFile reads', async () => {
    const out = join(tmp, 'binance-ethusdt-trades-walk.csv.gz');
    const warm = join(tmp, 'walk-warmup-1m.csv');
    const r = await run(process.execPath, ['--import', 'tsx', main, '--regime', 'walk', '--seed', '107', '--hours', '0.5', '--activity', '0.05', '--start', '2024-03-01T00:00:00Z', '--out', out, '--warmup-out', warm]);
    const summary = JSON.parse(r.stdout) as { trades: number; from: string; replay: string };
    expect(summary.from).toBe('2024-03-01T00:00:00.000Z');
    const tape = await openTape(out);
    expect(tape).toMatchObject({ format: 'binance-trades-csv', exchange: 'binance', symbol: 'ETH/USDT' });
    expect(tape.precision).toEqual({ pricePrecision: 2, amountPrecision: 4 });
    let n = 0;
    let first = Number.NaN;
    for await (const b of tape.batches()) {
      if (n === 0) first = b[0]?.ts ?? Number.NaN;
      n += b.length;
    }
    expect(n).toBe(summary.trades);
    expect(first).toBeGreaterThanOrEqual(Date.UTC(2024, 2, 1));
    const w = await readWarmupFile(warm);
    // 34 h of history before the start: 136 15m candles, the last one closing at the tape's start.
    expect(w['15m']).toHaveLength(136);
    expect(w['15m']?.at(-1)?.openTime).toBe(Date.UTC(2024, 2, 1) - 15 * 60_000);
  }, 60_000);

  it('--trades N --format binance-aggtrades writes exactly N trades as a data.binance.vision zip; ccxt-csv too', async () => {
    const zip = join(tmp, 'BTCUSDT-aggTrades-2024-03.zip');
    const r = await run(process.execPath, ['--import', 'tsx', main, '--regime', 'walk', '--seed', '9', '--trades', '2500', '--format', 'binance-aggtrades', '--out', zip]);
    expect(JSON.parse(r.stdout)).toMatchObject({ trades: 2500, format: 'binance-aggtrades' });
    const tape = await openTape(zip);
    expect(tape).toMatchObject({ format: 'binance-aggtrades-csv', exchange: 'binance', symbol: 'BTC/USDT' });
    const agg: Trade[] = [];
    for await (const b of tape.batches()) agg.push(...b);
    expect(agg).toHaveLength(2500);
    const ccxt = join(tmp, 'btcusdt-trades-2024-03.csv');
    await run(process.execPath, ['--import', 'tsx', main, '--regime', 'walk', '--seed', '9', '--trades', '2500', '--format', 'ccxt-csv', '--out', ccxt]);
    const again = await openTape(ccxt);
    expect(again.format).toBe('ccxt-csv');
    const rows: Trade[] = [];
    for await (const b of again.batches()) rows.push(...b);
    // The same seed gives the same trades whichever layout carries them.
    expect(rows).toEqual(agg);
  }, 60_000);

  it('--help lists the regimes; a bad regime is a usage error', async () => {
    const help = await run(process.execPath, ['--import', 'tsx', main, '--help']);
    for (const r of ['trend', 'mirror', 'chop', 'walk', 'crash']) expect(help.stdout).toContain(r);
    const bad = await run(process.execPath, ['--import', 'tsx', main, '--regime', 'sideways', '--seed', '1', '--hours', '1', '--out', join(tmp, 'x.csv')]).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr).toMatch(/--regime must be one of trend, mirror, chop, walk, crash/);
  }, 30_000);
});
