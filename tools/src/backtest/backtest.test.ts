import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type Trade, defaultStrategyConfig } from '@cascade/core';
import { plantedTape, toCcxtJson } from '@cascade/tools/synthetic';
import { backtestTape } from './run-backtest.js';

const DAY = 86_400_000;
const run = promisify(execFile);

function tapeFile(trades: readonly Trade[]): string {
  const p = join(mkdtempSync(join(tmpdir(), 'cascade-bt-tape-')), 'planted-xyzusdt-trades.json');
  writeFileSync(p, toCcxtJson(trades));
  return p;
}
const outDir = () => mkdtempSync(join(tmpdir(), 'cascade-bt-out-'));
const opts = (out: string) => ({ cfg: defaultStrategyConfig, out, startingEquity: '10000' });

describe('backtester on the live code path', () => {
  const tape = plantedTape({ cycles: 6 });
  const path = tapeFile(tape);

  it('trades every planted setup, closes every position, and writes the three outputs', async () => {
    const out = outDir();
    const r = await backtestTape(path, {}, opts(out));
    expect(r.trades).toBe(tape.length);
    expect(r.summary.trades).toBe(6);
    const csv = readFileSync(join(out, 'trades.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('id,symbol,side,entryTime,entryPrice,exitTime,exitPrice,qty,pnl,pnlPct,fees,funding,exitReason,score');
    expect(csv).toHaveLength(7);
    for (const row of csv.slice(1)) expect(row.split(',')[2]).toBe('long');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(5);
    // The funnel is consistent: each level evaluates what the one before passed.
    const f = r.result.funnel;
    for (let i = 1; i < f.length; i++) expect(f[i]!.evaluated).toBe(f[i - 1]!.passed);
    expect(f.at(-1)).toMatchObject({ level: 'confluence_score', evaluated: 6, passed: 6 });
  });

  it('the same input and config give byte-identical trades.csv and summary.json', async () => {
    const [a, b] = [outDir(), outDir()];
    await backtestTape(path, {}, opts(a));
    await backtestTape(path, {}, opts(b));
    for (const f of ['trades.csv', 'summary.json']) expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
  });

  it('shifting every timestamp by a whole day shifts the trades and changes nothing else', async () => {
    const shifted = tapeFile(tape.map((t) => ({ ...t, ts: t.ts + DAY })));
    const [a, b] = [outDir(), outDir()];
    await backtestTape(path, {}, opts(a));
    await backtestTape(shifted, {}, opts(b));
    expect(readFileSync(join(b, 'summary.json'), 'utf8')).toBe(readFileSync(join(a, 'summary.json'), 'utf8'));
    const rows = (d: string) => readFileSync(join(d, 'trades.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const [ra, rb] = [rows(a), rows(b)];
    expect(rb).toHaveLength(ra.length);
    ra.forEach((r, i) => {
      const s = rb[i]!;
      // entryTime (3) and exitTime (5) move by exactly one day; every other column is unchanged.
      expect(Number(s[3]) - Number(r[3])).toBe(DAY);
      expect(Number(s[5]) - Number(r[5])).toBe(DAY);
      expect([...s.slice(0, 3), s[4], ...s.slice(6)]).toEqual([...r.slice(0, 3), r[4], ...r.slice(6)]);
    });
  });

  it('--from/--to restrict the replay to a window of the tape', async () => {
    const from = tape[0]!.ts + 140 * 15 * 60_000; // after the first cycle's setup
    const r = await backtestTape(path, {}, { ...opts(outDir()), from, to: tape.at(-1)!.ts + 1 });
    expect(r.trades).toBe(tape.filter((t) => t.ts >= from).length);
  });

  it('runs a real recorded tape (XRP/ETH, Binance 2019-10) end to end', async () => {
    const r = await backtestTape(new URL('../../../sample-data/tapes/binance-xrpeth-trades-2019-10.json.gz', import.meta.url).pathname, {}, opts(outDir()));
    expect(r.trades).toBeGreaterThan(10_000);
    const l1 = r.result.funnel[0]!;
    expect(l1.evaluated).toBe(l1.passed + l1.stoppedHere);
  });

  it('the CLI explains itself and refuses a bad config with the field named', async () => {
    const main = new URL('./main.ts', import.meta.url).pathname;
    const help = await run(process.execPath, ['--import', 'tsx', main, '--help']);
    for (const flag of ['--tape', '--out', '--from', '--to', '--config', '--symbol']) expect(help.stdout).toContain(flag);
    const cfg = join(outDir(), 'bad.json');
    writeFileSync(cfg, JSON.stringify({ orderFlow: { ratioThreshold: 0.5 } }));
    const bad = await run(process.execPath, ['--import', 'tsx', main, '--tape', path, '--out', outDir(), '--config', cfg]).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr).toContain('orderFlow.ratioThreshold');
  });
});
