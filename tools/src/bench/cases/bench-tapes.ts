import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The generated tapes the tape and backtest benches read, made once under os.tmpdir() by
 * `npm run synth` (fixed seeds, so every machine reads the same trades) and reused while present.
 * Names follow data.binance.vision's, so the readers infer the symbol as they would for a download.
 */
export const benchTapes = {
  /** 10 M-trade Binance spot aggTrades zip (backtest.zip10m). */
  zip10m: { file: 'BTCUSDT-aggTrades-bench-10m.zip', seed: 1, trades: 10_000_000, format: 'binance-aggtrades' },
  /** 5 M trades each: tape.binance-zip and the two symbols of backtest.workers2. */
  zipA: { file: 'ETHUSDT-aggTrades-bench-5m.zip', seed: 2, trades: 5_000_000, format: 'binance-aggtrades' },
  zipB: { file: 'SOLUSDT-aggTrades-bench-5m.zip', seed: 3, trades: 5_000_000, format: 'binance-aggtrades' },
  /** zipA's trades as a plain CSV (tape.binance-csv) and as a pandas-saved ccxt CSV (tape.ccxt-csv). */
  csvA: { file: 'ETHUSDT-aggTrades-bench-5m.csv', seed: 2, trades: 5_000_000, format: 'binance-aggtrades' },
  /** zipB's trades as a plain CSV: with csvA, the two symbols of backtest.workers2.csv. */
  csvB: { file: 'SOLUSDT-aggTrades-bench-5m.csv', seed: 3, trades: 5_000_000, format: 'binance-aggtrades' },
  ccxtA: { file: 'ethusdt-trades-bench-5m.csv', seed: 2, trades: 5_000_000, format: 'ccxt-csv' },
} as const;

export type BenchTape = keyof typeof benchTapes;

const run = promisify(execFile);
const synth = new URL('../../synthetic/main.ts', import.meta.url).pathname;

/** Path of a bench tape, generating it first when missing (progress on stderr: it takes a minute). */
export async function benchTape(name: BenchTape): Promise<string> {
  const t = benchTapes[name];
  const dir = join(tmpdir(), 'cascade-bench-tapes');
  const path = join(dir, t.file);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`bench: generating ${path} (${t.trades.toLocaleString('en-US')} trades, once)\n`);
  // Written under a temporary name and renamed: an interrupted run never leaves a short tape behind.
  const part = join(dir, `part-${process.pid}-${t.file}`);
  await run(process.execPath, ['--import', 'tsx', synth, '--regime', 'walk', '--seed', String(t.seed), '--trades', String(t.trades), '--format', t.format, '--out', part], { maxBuffer: 1 << 20 });
  renameSync(part, path);
  return path;
}
