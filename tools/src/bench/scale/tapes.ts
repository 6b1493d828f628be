/**
 * The scale bench's input: N one-symbol tapes whose rates add up to `rate` trades/s, generated from
 * the regime generator (microstructure fitted to real Binance ETHUSDT; `chop` regime (mean-reverting), seed = symbol
 * number), written once as Binance trades CSV and kept for the next run (same parameters → same files).
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { BINANCE_TRADES_HEADER, TextFile, binanceTradeLine, regimeTrades } from '../../synthetic/index.js';

/** The fitted generator makes ~34 trades a second at activity 1 (regime-tape.ts). */
const FITTED_TRADES_PER_SEC = 34;

export interface ScaleTapes {
  readonly dir: string;
  readonly paths: readonly string[];
}

export const symbolFileName = (i: number) => `binance-sym${String(i + 1).padStart(3, '0')}usdt-trades-scale.csv`;

export async function scaleTapes(root: string, symbols: number, rate: number, seconds: number, log: (l: string) => void): Promise<ScaleTapes> {
  const dir = join(root, `n${symbols}-r${rate}-s${seconds}`);
  const paths = Array.from({ length: symbols }, (_, i) => join(dir, symbolFileName(i)));
  if (paths.every((p) => existsSync(p))) return { dir, paths };
  mkdirSync(dir, { recursive: true });
  log(`scale: generating ${symbols} tape(s) of ${seconds} s at ${rate} trades/s combined in ${dir}…`);
  const activity = rate / symbols / FITTED_TRADES_PER_SEC;
  for (const [i, path] of paths.entries()) {
    if (existsSync(path)) continue;
    const tmp = `${path}.partial`;
    const f = new TextFile(tmp);
    await f.line(BINANCE_TRADES_HEADER);
    // Prices spread over 50…5000 so symbols differ; hours as a fraction (the generator takes any length).
    for (const t of regimeTrades({ regime: 'chop', seed: i + 1, hours: seconds / 3600, warmupHours: 0, activity, price: 50 * 1.01 ** (i % 460) })) await f.line(binanceTradeLine(t));
    await f.end();
    renameSync(tmp, path);
  }
  return { dir, paths };
}
