import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type MarketConfig, MarketConfigSchema, StrategyConfigSchema, type TapeFormat, formatIssues, isTapeFormat, supportedTapeFormatsText } from '@cascade/core';
import { readFundingFile, readWarmupFile } from '@cascade/adapters/tape-files';
import type { JobSpec } from '../jobs/job.js';
import { runJobs } from '../jobs/run-jobs.js';
import type { BacktestTapeJobInput, BacktestTapeJobResult } from './backtest-job.js';
import { ProgressBar } from './progress-bar.js';
import { JobsProgress } from './jobs-progress.js';
import { parseTime } from './parse-time.js';
import { outDirsFor } from './out-dirs.js';

const HELP = `cascade backtest: run the live strategy code over a tape with the simulated venue

Usage: npm run backtest -- --tape FILE [--tape FILE2 …] --out DIR [options]

  --tape FILE       tape to replay (ccxt JSON/CSV, Binance trades/aggTrades CSV or zip, Kraken CSV,
                    TrueFX quotes, Parquet; plain, .gz or .zip). Repeat it to backtest several
                    tapes (symbols), each on its own with the same options
  --out DIR         where report.html, trades.csv and summary.json go (created if missing); with
                    several tapes, in DIR/<tape file name without extensions>/
  --workers N       run up to N tapes at once: this thread and N−1 worker threads (default 1: one
                    after another). Outputs are byte-identical whatever N; this machine has
                    ${availableParallelism()} cores
  --symbol S        symbol when the file name does not say (e.g. BTC/USDT)
  --exchange E      exchange when the file name does not say
  --format F        tape format when detection cannot tell (${supportedTapeFormatsText()})
  --from T          first trade time to use (ISO 8601 like 2024-01-02T00:00:00Z, or UTC ms)
  --to T            last trade time to use (exclusive)
  --config FILE     strategy config JSON (any subset of strategy_configs/*; validated, unknown keys refused)
  --equity N        starting equity in quote currency (default 10000)
  --market M        spot or perp: trade the tape as this market whatever its symbol says (a symbol
                    like BTC/USDT:USDT is a USDT-margined perpetual, BTC/USDT spot)
  --leverage N      perpetuals: leverage, 1–10 (default 3; same as config execution.sizing.defaultLeverage)
  --funding FILE    perpetuals: funding rates, a Binance public-data fundingRate CSV/zip or the JSON of
                    ccxt fetchFundingRateHistory; applied at 00:00/08:00/16:00 UTC to open positions
  --funding-rate R  perpetuals: one constant rate per funding time instead (default 0.0001 = 0.01 %)
  --market-config FILE  a market_configs document (JSON): fees, maintenanceMarginRate, fundingRate, …
                    (perp defaults: Binance USDⓈ-M taker 0.05 %, maker 0.02 %, maintenance margin 0.4 %)
  --warmup FILE     closed 1m and/or 15m candles to seed the regime with before the first trade: a
                    Binance kline CSV (zip/gz) or ccxt OHLCV JSON (npm run data -- download --kind klines).
                    Without it Level 1 waits for ~30 h of the tape's own 15m candles (the report says how long)
  --quiet           no progress bar
  -h, --help        this help

The same tape and config always give byte-identical trades.csv and summary.json.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      tape: { type: 'string', multiple: true },
      workers: { type: 'string', default: '1' },
      out: { type: 'string' },
      symbol: { type: 'string' },
      exchange: { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      config: { type: 'string' },
      equity: { type: 'string', default: '10000' },
      market: { type: 'string' },
      leverage: { type: 'string' },
      funding: { type: 'string' },
      'funding-rate': { type: 'string' },
      'market-config': { type: 'string' },
      warmup: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.tape || values.tape.length === 0 || !values.out) {
    console.error(`--tape and --out are required.\n\n${HELP}`);
    return 2;
  }
  if (!/^[1-9]\d*$/.test(values.workers)) {
    console.error(`--workers must be a positive integer (threads), got "${values.workers}"`);
    return 2;
  }
  const workers = Number(values.workers);
  const tapes = values.tape.map((t) => resolve(t));
  let outs: string[];
  try {
    outs = outDirsFor(tapes, resolve(values.out));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (values.format !== undefined && !isTapeFormat(values.format)) {
    console.error(`--format must be one of: ${supportedTapeFormatsText()}`);
    return 2;
  }
  if (!/^\d+(\.\d+)?$/.test(values.equity)) {
    console.error(`--equity must be a positive decimal number, got "${values.equity}"`);
    return 2;
  }
  if (values.market !== undefined && values.market !== 'spot' && values.market !== 'perp') {
    console.error(`--market must be spot or perp, got "${values.market}"`);
    return 2;
  }
  if (values.funding !== undefined && values['funding-rate'] !== undefined) {
    console.error('give --funding FILE or --funding-rate R, not both');
    return 2;
  }
  if (values['funding-rate'] !== undefined && !/^-?\d+(\.\d+)?$/.test(values['funding-rate'])) {
    console.error(`--funding-rate must be a decimal fraction per funding time like 0.0001, got "${values['funding-rate']}"`);
    return 2;
  }
  const from = values.from === undefined ? Number.NEGATIVE_INFINITY : parseTime(values.from, '--from');
  const to = values.to === undefined ? Number.POSITIVE_INFINITY : parseTime(values.to, '--to');
  let cfgInput: unknown = {};
  if (values.config) {
    try {
      cfgInput = JSON.parse(await readFile(resolve(values.config), 'utf8'));
    } catch (e) {
      console.error(`cannot read --config ${values.config}: ${(e as Error).message}`);
      return 2;
    }
  }
  if (values.leverage !== undefined) {
    const lev = Number(values.leverage);
    const c = (cfgInput ?? {}) as { execution?: { sizing?: Record<string, unknown> } };
    cfgInput = { ...c, execution: { ...c.execution, sizing: { ...c.execution?.sizing, defaultLeverage: Number.isFinite(lev) ? lev : values.leverage } } };
  }
  const parsed = StrategyConfigSchema.safeParse(cfgInput);
  if (!parsed.success) {
    console.error(`${values.config ? `--config ${values.config}` : 'the options'} ${values.leverage !== undefined ? `with --leverage ${values.leverage} ` : ''}do not make a valid strategy config: ${formatIssues(parsed.error.issues)}`);
    return 2;
  }
  const cfg = parsed.data;
  let marketConfig: MarketConfig | undefined;
  if (values['market-config']) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(resolve(values['market-config']), 'utf8'));
    } catch (e) {
      console.error(`cannot read --market-config ${values['market-config']}: ${(e as Error).message}`);
      return 2;
    }
    const mc = MarketConfigSchema.safeParse(raw);
    if (!mc.success) {
      console.error(`--market-config ${values['market-config']} is not a valid market config: ${formatIssues(mc.error.issues)}`);
      return 2;
    }
    marketConfig = mc.data;
  }
  if (values.funding) await readFundingFile(resolve(values.funding)); // refuse a bad file before any tape is read
  if (values.warmup) {
    try {
      await readWarmupFile(resolve(values.warmup));
    } catch (e) {
      console.error(`--warmup: ${(e as Error).message}`);
      return 2;
    }
  }

  const jobs: JobSpec<'backtest-tape', BacktestTapeJobInput>[] = tapes.map((tape, i) => ({
    kind: 'backtest-tape',
    label: tape,
    input: {
      tape,
      out: outs[i] as string,
      ...(values.symbol !== undefined ? { symbol: values.symbol } : {}),
      ...(values.exchange !== undefined ? { exchange: values.exchange } : {}),
      ...(values.format !== undefined ? { format: values.format as TapeFormat } : {}),
      from,
      to,
      cfg,
      equity: values.equity,
      ...(values.market === 'spot' || values.market === 'perp' ? { market: values.market } : {}),
      ...(marketConfig ? { marketConfig } : {}),
      ...(values.funding ? { funding: { kind: 'file' as const, path: resolve(values.funding), label: values.funding } } : values['funding-rate'] !== undefined ? { funding: { kind: 'constant' as const, rate: values['funding-rate'] } } : {}),
      ...(values.warmup ? { warmupPath: resolve(values.warmup) } : {}),
    },
  }));
  // One tape on this thread keeps the bar it always had; several get one line of totals on stderr.
  const bar = values.quiet || jobs.length > 1 ? null : new ProgressBar(process.stderr, null);
  const many = values.quiet || jobs.length === 1 ? null : new JobsProgress(process.stderr, jobs.map((j) => j.label), Math.min(workers, jobs.length));
  const results = await runJobs<BacktestTapeJobResult>(jobs, {
    workers,
    onProgress: (i, p) => {
      if (typeof p.trades === 'number') {
        bar?.update(p.trades, Number(p.ts), Number(p.closed));
        many?.update(i, p.trades);
      } else if (bar) bar.setSpan(typeof p.first === 'number' && typeof p.last === 'number' ? { first: p.first, last: p.last } : null);
    },
    onDone: (i, r) => many?.done(i, (r as BacktestTapeJobResult).trades),
  });
  bar?.done(results[0]?.trades ?? 0);
  many?.finish();
  for (const r of results) {
    for (const note of r.notes) console.error(note);
    console.log(JSON.stringify(r.line));
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`backtest: ${(e as Error).message}`);
    process.exit(1);
  },
);
