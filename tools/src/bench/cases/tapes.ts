// Tape readers on generated tapes, end to end from disk: trades/s and peak RSS (it must stay flat).
import { openTape } from '@cascade/adapters/tape-files';
import { type BenchCase, type BenchLine, round } from '../bench-line.js';
import { type BenchTape, benchTape } from './bench-tapes.js';

/** Reads every trade of a tape through openTape (detection, sampling at open, then the batches). */
async function readTape(name: string, tape: BenchTape, symbol?: string): Promise<BenchLine[]> {
  const path = await benchTape(tape);
  let peak = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const opened = await openTape(path, symbol === undefined ? {} : { symbol });
  let n = 0;
  let batches = 0;
  for await (const b of opened.batches()) {
    n += b.length;
    if ((++batches & 0xff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  peak = Math.max(peak, process.memoryUsage().rss);
  return [{ name, tradesPerSec: Math.round(n / s), p50us: null, p99us: null, rssMB: round(peak / 2 ** 20, 1), trades: n, seconds: round(s, 2), cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2), format: opened.format, file: path }];
}

export const cases: BenchCase[] = [
  { name: 'tape.binance-csv', run: () => readTape('tape.binance-csv', 'csvA') },
  { name: 'tape.binance-zip', run: () => readTape('tape.binance-zip', 'zipA') },
  { name: 'tape.ccxt-csv', run: () => readTape('tape.ccxt-csv', 'ccxtA', 'ETH/USDT') },
];
