import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BacktestResult, TRADES_CSV_HEADER } from '@cascade/core';
import { OUTPUT_FILES, writeBacktestOutputs } from './write-outputs.js';

const tmp = mkdtempSync(join(tmpdir(), 'cascade-backtest-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DAY = 86_400_000;
function result(shift: number): BacktestResult {
  const from = Date.UTC(2023, 1, 2) + shift;
  return {
    startingEquity: '1000',
    trades: [
      { id: 'a', symbol: 'ETH/USDT', side: 'long', entryTime: from + 1_000, entryPrice: '1600.5', exitTime: from + 61_000, exitPrice: '1610', qty: '0.1', pnl: '0.6', fees: '0.35', exitReason: 'trailing_stop', score: 4.5 },
      { id: 'b', symbol: 'ETH/USDT', side: 'short', entryTime: from + 90_000, entryPrice: '1612', exitTime: from + 100_000, exitPrice: '1615', qty: '0.1', pnl: '-0.62', fees: '0.32', exitReason: 'adverse_moves', score: 3 },
    ],
    equityCurve: [{ ts: from, equity: '1000' }, { ts: from + 61_000, equity: '1000.6' }, { ts: from + 100_000, equity: '999.98' }],
    priceSeries: [{ ts: from, price: 1600 }, { ts: from + 60_000, price: 1610 }, { ts: from + 120_000, price: 1614 }],
    funnel: [{ level: 'L1 regime', evaluated: 10, stoppedHere: 8, passed: 2 }],
    filterStats: [],
    period: { from, to: from + 120_000 },
    exposureMs: 70_000,
  };
}
const meta = { title: 'ETH/USDT replay', currency: 'USDT' };
const read = (dir: string, f: string): Buffer => readFileSync(join(dir, f));

describe('writeBacktestOutputs', () => {
  it('writes summary.json, trades.csv and report.html; the same input gives the same bytes', async () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'nested', 'b');
    const s = await writeBacktestOutputs(a, result(0), meta);
    await writeBacktestOutputs(b, result(0), meta);
    for (const f of Object.values(OUTPUT_FILES)) expect(read(a, f).equals(read(b, f)), f).toBe(true);
    expect(JSON.parse(read(a, 'summary.json').toString())).toMatchObject({ trades: 2, wins: 1, losses: 1, netPnl: '-0.02', fees: '0.67' });
    expect(s.netPnl).toBe('-0.02');
    const csv = read(a, 'trades.csv').toString().split('\n');
    expect(csv[0]).toBe(TRADES_CSV_HEADER);
    // 0.6 / (1600.5 × 0.1) × 100 = 0.6 / 160.05 × 100 = 0.374883 → 0.3749; −0.62 / 161.2 × 100 = −0.384615 → −0.3846.
    expect(csv.slice(1)).toEqual([
      'a,ETH/USDT,long,1675296001000,1600.5,1675296061000,1610,0.1,0.6,0.3749,0.35,0,trailing_stop,4.50',
      'b,ETH/USDT,short,1675296090000,1612,1675296100000,1615,0.1,-0.62,-0.3846,0.32,0,adverse_moves,3.00',
      '',
    ]);
    expect(read(a, 'report.html').toString()).toMatch(/^<!DOCTYPE html>/);
  });

  it('shifting the tape by a whole day shifts trades.csv times and leaves summary.json unchanged', async () => {
    const a = join(tmp, 'day0');
    const b = join(tmp, 'day1');
    await writeBacktestOutputs(a, result(0), meta);
    await writeBacktestOutputs(b, result(DAY), meta);
    expect(read(a, 'summary.json').equals(read(b, 'summary.json'))).toBe(true);
    const shiftTimes = (line: string): string => line.split(',').map((f, i) => (i === 3 || i === 5 ? String(Number(f) + DAY) : f)).join(',');
    const csvA = read(a, 'trades.csv').toString().split('\n');
    const csvB = read(b, 'trades.csv').toString().split('\n');
    expect(csvB).toEqual([csvA[0], ...csvA.slice(1, -1).map(shiftTimes), '']);
  });
});
