import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { plantedTape, toCcxtJson } from '@cascade/tools/synthetic';

const run = promisify(execFile);
const main = new URL('./main.ts', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cascade-bt-workers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const backtest = (args: string[]) => run(process.execPath, ['--import', 'tsx', main, ...args], { maxBuffer: 1 << 24 });

describe('npm run backtest -- --workers N', () => {
  it('two tapes on two worker threads write the same bytes as on one thread', async () => {
    // Planted tapes trade every cycle, so trades.csv has rows to differ in; two lengths and start days.
    const a = join(tmp, 'planted-xyzusdt-trades.json');
    const b = join(tmp, 'planted-abcusdt-trades.json');
    writeFileSync(a, toCcxtJson(plantedTape({ cycles: 3 })));
    writeFileSync(b, toCcxtJson(plantedTape({ cycles: 5, start: Date.UTC(2024, 5, 1) })));
    const one = join(tmp, 'one');
    const two = join(tmp, 'two');
    const r1 = await backtest(['--tape', a, '--tape', b, '--out', one, '--workers', '1']);
    const r2 = await backtest(['--tape', a, '--tape', b, '--out', two, '--workers', '2']);
    // One stdout line per tape, in --tape order, whatever finished first.
    const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as { symbol: string; closedTrades: number });
    expect(lines(r1.stdout).map((l) => [l.symbol, l.closedTrades])).toEqual([['XYZ/USDT', 3], ['ABC/USDT', 5]]);
    expect(lines(r2.stdout).map((l) => [l.symbol, l.closedTrades])).toEqual([['XYZ/USDT', 3], ['ABC/USDT', 5]]);
    expect(readdirSync(one).sort()).toEqual(['planted-abcusdt-trades', 'planted-xyzusdt-trades']);
    for (const dir of readdirSync(one)) {
      for (const f of ['summary.json', 'trades.csv', 'report.html']) {
        expect(readFileSync(join(two, dir, f)).equals(readFileSync(join(one, dir, f))), `${dir}/${f}`).toBe(true);
      }
    }
    expect(r2.stderr).toMatch(/2 tapes, [\d,]+ trades in [\d.]+ s on 2 threads/);
  }, 120_000);

  it('--help lists --workers; a bad count or two tapes with one output name are usage errors', async () => {
    expect((await backtest(['--help'])).stdout).toMatch(/--workers N {2,}run up to N tapes at once: this thread and N−1 worker threads/);
    const bad = await backtest(['--tape', 'x.csv', '--out', tmp, '--workers', '0']).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/--workers must be a positive integer/) });
    const clash = await backtest(['--tape', 'a/t.csv', '--tape', 'b/t.csv.gz', '--out', tmp]).catch((e: { code: number; stderr: string }) => e);
    expect(clash).toMatchObject({ code: 2, stderr: expect.stringMatching(/would both write to .*t; rename one of them/) });
  }, 60_000);
});
