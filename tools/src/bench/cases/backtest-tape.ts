// The backtest end to end from a tape on disk (read, parse, session, outputs), and --workers scaling.
// (Beside backtest.ts, whose backtest.planted10M times the session on trades already in memory.)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStrategyConfig } from '@cascade/core';
import { type BenchCase, type BenchLine, round } from '../bench-line.js';
import { backtestTape } from '../../backtest/run-backtest.js';
import { type BenchTape, benchTape } from './bench-tapes.js';

export const cases: BenchCase[] = [
  {
    name: 'backtest.zip10m',
    async run() {
      const path = await benchTape('zip10m');
      const out = mkdtempSync(join(tmpdir(), 'cascade-bench-bt-'));
      let peak = process.memoryUsage().rss;
      let batches = 0;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await backtestTape(path, {}, {
        cfg: defaultStrategyConfig,
        out,
        startingEquity: '10000',
        onProgress: () => {
          if ((++batches & 0x3f) === 0) peak = Math.max(peak, process.memoryUsage().rss);
        },
      });
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      rmSync(out, { recursive: true, force: true });
      const rssPeakMB = round(Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024) / 2 ** 20, 1);
      return [{ name: 'backtest.zip10m', tradesPerSec: Math.round(r.trades / s), p50us: null, p99us: null, rssMB: rssPeakMB, rssPeakMB, seconds: round(s, 1), cpuSeconds: round((cpu.user + cpu.system) / 1e6, 1), trades: r.trades, closedTrades: r.summary.trades, file: path }];
    },
  },
  {
    name: 'backtest.workers2',
    run: async () => [await workersCase('backtest.workers2', 'zipA', 'zipB')],
  },
  {
    // The same two symbols as plain CSV: no inflate thread beside each job, so what --workers gains
    // is the jobs' own scaling (the zip case's one-worker run already keeps ~1.2 cores busy).
    name: 'backtest.workers2.csv',
    run: async () => [await workersCase('backtest.workers2.csv', 'csvA', 'csvB')],
  },
];

/**
 * Two symbols, one tape each, with --workers 1 and then 2. `speedup` is seconds1 / seconds2. On two
 * cores it cannot exceed 2 × seconds1 / cpuSeconds1 (`ceiling`): the CPU a one-worker run already
 * spends beside its thread (the zip's inflate, GC helpers, the JIT's compiler thread, reads) is work
 * the second core must also do. `processes` is the bound measured: the same two jobs, each alone in a
 * fresh process, their times summed, over their span when run at once in two fresh processes (each
 * started and loaded before either job begins): what two runs that share nothing gain on this machine.
 */
async function workersCase(name: string, a: BenchTape, b: BenchTape): Promise<BenchLine> {
  // Loaded here so the other cases also run on a checkout from before the job runner existed.
  const { runJobs } = await import('../../jobs/run-jobs.js');
  const tapes = [await benchTape(a), await benchTape(b)];
  const timeWith = async (workers: number): Promise<{ s: number; cpu: number; out: string; trades: number }> => {
    const out = mkdtempSync(join(tmpdir(), `cascade-bench-w${workers}-`));
    const jobs = tapes.map((tape, i) => ({ kind: 'backtest-tape', label: tape, input: { tape, out: join(out, String(i)), from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY, cfg: defaultStrategyConfig, equity: '10000' } }));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const results = await runJobs<{ trades: number }>(jobs, { workers });
    const cpu = process.cpuUsage(cpu0);
    return { s: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, out, trades: results.reduce((acc, r) => acc + r.trades, 0) };
  };
  const one = await timeWith(1);
  const two = await timeWith(2);
  const apart = mkdtempSync(join(tmpdir(), 'cascade-bench-apart-'));
  // The whole tape: ±MAX_SAFE_INTEGER, not ±Infinity, which JSON (the job's way to the child) has not.
  const apartJobs = tapes.map((tape, i) => ({ kind: 'backtest-tape', label: tape, input: { tape, out: join(apart, String(i)), from: -Number.MAX_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER, cfg: defaultStrategyConfig, equity: '10000' } }));
  // One after the other, then at once: both in fresh processes, so this bench process's own heap (the
  // cases before this one) weighs on neither side of the ratio.
  let apartOneByOne = 0;
  for (const job of apartJobs) apartOneByOne += (await jobsInProcesses([job])).seconds;
  const atOnce = await jobsInProcesses(apartJobs);
  const apartAtOnce = atOnce.seconds;
  if (atOnce.trades !== two.trades) throw new Error(`the jobs in separate processes read ${atOnce.trades} trades, the threads ${two.trades}`);
  rmSync(apart, { recursive: true, force: true });
  let identical = true;
  for (const d of ['0', '1']) for (const f of readdirSync(join(one.out, d))) if (!readFileSync(join(one.out, d, f)).equals(readFileSync(join(two.out, d, f)))) identical = false;
  for (const o of [one.out, two.out]) rmSync(o, { recursive: true, force: true });
  const rssMB = round((process.resourceUsage().maxRSS * 1024) / 2 ** 20, 1);
  return { name, tradesPerSec: Math.round(two.trades / two.s), p50us: null, p99us: null, rssMB, speedup: round(one.s / two.s, 2), ceiling: round((2 * one.s) / one.cpu, 2), processes: round(apartOneByOne / apartAtOnce, 2), processSeconds1: round(apartOneByOne, 1), processSeconds2: round(apartAtOnce, 1), seconds1: round(one.s, 1), cpuSeconds1: round(one.cpu, 1), seconds2: round(two.s, 1), cpuSeconds2: round(two.cpu, 1), trades: two.trades, identical };
}

/** Seconds from the first of `jobs`' starts to the last end, each job in a process of its own (isolated-job.ts), released together; and the trades they read. */
async function jobsInProcesses(jobs: readonly { kind: string; label: string; input: unknown }[]): Promise<{ seconds: number; trades: number }> {
  const entry = new URL('./isolated-job.ts', import.meta.url).pathname;
  const runs = jobs.map((job) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(job)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let text = '';
    let onReady = (): void => {};
    const ready = new Promise<void>((resolve) => (onReady = resolve));
    const done = new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        text += d;
        if (text.startsWith('ready\n')) onReady();
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`isolated-job.ts exited with code ${code}`))));
    });
    return { child, ready, done };
  });
  // A child that dies before it is ready rejects `done`, which ends the wait too.
  await Promise.race([Promise.all(runs.map((r) => r.ready)), Promise.all(runs.map((r) => r.done))]);
  for (const r of runs) r.child.stdin.end('go\n');
  const spans = (await Promise.all(runs.map((r) => r.done))).map((text) => JSON.parse(text.trim().split('\n').at(-1) as string) as { start: number; end: number; trades: number });
  return { seconds: (Math.max(...spans.map((x) => x.end)) - Math.min(...spans.map((x) => x.start))) / 1000, trades: spans.reduce((acc, x) => acc + x.trades, 0) };
}
