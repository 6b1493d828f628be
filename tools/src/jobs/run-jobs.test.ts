import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultStrategyConfig } from '@cascade/core';
import { plantedTape, toCcxtJson } from '@cascade/tools/synthetic';
import { JobFailed, runJobs } from './run-jobs.js';
import { bundleJobWorker } from './worker-bundle.js';

const tmp = mkdtempSync(join(tmpdir(), 'cascade-run-jobs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const bundleDir = fileURLToPath(new URL('../../../.cascade/jobs/', import.meta.url));
const ourBundles = () => (existsSync(bundleDir) ? readdirSync(bundleDir).filter((f) => f.startsWith(`job-worker-${process.pid}-`)) : []);

const job = (tape: string, out: string) => ({
  kind: 'backtest-tape',
  label: tape,
  input: { tape, out, from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY, cfg: defaultStrategyConfig, equity: '10000' },
});

describe('runJobs on worker threads started from the TypeScript sources', () => {
  it('the bundled worker gives each job the result it gets in this thread, in job order, and its file is removed', async () => {
    const tapes = [120, 150, 100].map((cycles, i) => {
      const p = join(tmp, `planted-t${i}usdt-trades.json`);
      writeFileSync(p, toCcxtJson(plantedTape({ cycles })));
      return p;
    });
    const one = await runJobs<{ trades: number; line: { closedTrades: number } }>(tapes.map((t, i) => job(t, join(tmp, 'one', String(i)))), { workers: 1 });
    const done: number[] = [];
    const threads = new Set<number>();
    const two = await runJobs<{ trades: number; line: { closedTrades: number } }>(tapes.map((t, i) => job(t, join(tmp, 'two', String(i)))), {
      workers: 2,
      onDone: (i, _r, thread) => {
        done.push(i);
        threads.add(thread);
      },
    });
    // A planted cycle is one closed trade (the planted tape's design), so 120, 150, 100 in job order.
    expect(two.map((r) => r.line.closedTrades)).toEqual([120, 150, 100]);
    expect(two.map((r) => r.trades)).toEqual(one.map((r) => r.trades));
    expect(done.sort()).toEqual([0, 1, 2]);
    // ~0.1 M trades a job: the worker is up (a bundle is built in ~0.2 s) long before this thread is done.
    expect([...threads].some((t) => t !== 0)).toBe(true);
    for (const i of ['0', '1', '2']) expect(readFileSync(join(tmp, 'two', i, 'trades.csv')).equals(readFileSync(join(tmp, 'one', i, 'trades.csv')))).toBe(true);
    expect(ourBundles()).toEqual([]);
  }, 120_000);

  it("a failing job rejects with its label, and no worker or bundle is left", async () => {
    const good = join(tmp, 'planted-okusdt-trades.json');
    writeFileSync(good, toCcxtJson(plantedTape({ cycles: 2 })));
    const missing = join(tmp, 'no-such-tape.csv');
    const err = await runJobs([job(good, join(tmp, 'f0')), job(missing, join(tmp, 'f1'))], { workers: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobFailed);
    expect((err as JobFailed).message).toContain('no-such-tape.csv');
    expect(ourBundles()).toEqual([]);
  }, 120_000);

  it('the bundle holds our workspaces and leaves every npm package to node_modules', async () => {
    const b = await bundleJobWorker();
    try {
      const code = readFileSync(b.url, 'utf8');
      const specifiers = [...code.matchAll(/^import\s.*?from\s+"([^"]+)";?$/gm)].map((m) => m[1] as string);
      // Our sources are inside (no import of a workspace or a .ts file); node builtins and npm packages are not.
      expect(specifiers.filter((s) => s.startsWith('@cascade/') || s.endsWith('.ts'))).toEqual([]);
      expect(specifiers.some((s) => s.startsWith('node:'))).toBe(true);
      expect(code).toContain('parentPort');
    } finally {
      b.dispose();
    }
    expect(existsSync(b.url)).toBe(false);
  });
});
