import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { StrategyConfigSchema, formatIssues } from '@cascade/core';
import { parseTime } from '../../backtest/parse-time.js';
import type { CliCommand } from '../command.js';
import { AnalyzeReportSchema, analyzeText, buildAnalyzeReport } from '../inspect/analyze-report.js';
import { UsageError, openTapeArg } from '../inspect/open-tape-arg.js';
import { replayTo } from '../inspect/replay-to.js';

const HELP = `Usage: npm run cli -- analyze --tape FILE --at TIME [--symbol S] [--warmup FILE] [--json]

Replay a tape up to TIME through the same SymbolAnalytics the services and the backtester run,
and print every measure at that instant: order flow per window (exit 15 s, primary 30 s, 1m, 5m,
15m), CVD, large trades, volume spikes, the open candles, the volume profile (POC/VAH/VAL),
supply/demand zones, fair value gaps, the regime values (persistence, ADX, ±DI, ATR, mean
reversion …) and verdict, and what each of the four levels says with every check's numbers.
Levels 2–4 are judged for the side Level 1 allows, or for both sides when it says RANGING.
Windows trail from TIME; the levels are judged as the engine judges the last trade at or before
TIME (it evaluates on every trade).

Options:
  --tape FILE         the tape (Binance trades/aggTrades CSV or zip, ccxt JSON/CSV, Kraken CSV, Parquet)
  --at TIME           the instant: ISO 8601 (2024-08-09T00:03:00Z) or UTC ms; trades at TIME count
  --symbol S          symbol when the file name does not say (e.g. ETH/USDT, BTC/USDT:USDT)
  --warmup FILE       1m/15m history before the tape (Binance kline CSV or ccxt OHLCV JSON, .gz/.zip too)
  --config FILE       strategy config JSON (any subset of strategy_configs/*), as npm run backtest
  --market M          spot or perp: the market the tape is read as (default: from the symbol)
  --tape-format F     the tape's format when detection cannot tell
  --json              machine-readable output (the schema is AnalyzeReportSchema)`;

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'Replay a tape up to a time and print every measure and level check there',
  help: HELP,
  async run(args) {
    try {
      return await analyze(args);
    } catch (e) {
      if (e instanceof UsageError) {
        console.error(`${e.message}\n\nSee: npm run cli -- analyze --help`);
        return 2;
      }
      throw e;
    }
  },
};

async function analyze(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      tape: { type: 'string' },
      at: { type: 'string' },
      symbol: { type: 'string' },
      warmup: { type: 'string' },
      config: { type: 'string' },
      market: { type: 'string' },
      'tape-format': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.at === undefined) throw new UsageError('--at TIME is required (ISO 8601 like 2024-08-09T00:03:00Z, or UTC ms)');
  let at: number;
  try {
    at = parseTime(values.at, '--at');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.market !== undefined && values.market !== 'spot' && values.market !== 'perp') throw new UsageError(`--market must be spot or perp, got "${values.market}"`);
  const cfg = await readConfig(values.config);
  const tape = await openTapeArg(values.tape, values.symbol, values['tape-format']);
  const run = await replayTo(tape, cfg, at, values.warmup ?? null, values.market);
  const report = AnalyzeReportSchema.parse(
    buildAnalyzeReport({
      analytics: run.analytics,
      cfg,
      tape: { path: tape.path, exchange: tape.exchange, symbol: tape.symbol, format: tape.format },
      at,
      lastTrade: run.lastTrade,
      tradesReplayed: run.trades,
      warmup: run.warmup,
    }),
  );
  console.log(values.json ? JSON.stringify(report, null, 2) : analyzeText(report));
  return 0;
}

async function readConfig(path: string | undefined) {
  let input: unknown = {};
  if (path !== undefined) {
    try {
      input = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      throw new UsageError(`cannot read --config ${path}: ${(e as Error).message}`);
    }
  }
  const parsed = StrategyConfigSchema.safeParse(input);
  if (!parsed.success) throw new UsageError(`--config ${path} is not a valid strategy config: ${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}
