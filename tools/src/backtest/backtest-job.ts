import { type FundingSource, type MarketConfig, type StrategyConfig, type TapeFormat, type WarmupCandles, warmUpText } from '@cascade/core';
import { readFundingFile, readWarmupFile } from '@cascade/adapters/tape-files';
import type { JobProgress } from '../jobs/job.js';
import { backtestTape } from './run-backtest.js';

/** One tape's backtest as a job (plain data: it may cross to a worker thread). Paths are absolute. */
export interface BacktestTapeJobInput {
  readonly tape: string;
  readonly out: string;
  readonly symbol?: string;
  readonly exchange?: string;
  readonly format?: TapeFormat;
  readonly from: number;
  readonly to: number;
  /** Already validated (StrategyConfigSchema output). */
  readonly cfg: StrategyConfig;
  readonly equity: string;
  readonly market?: 'spot' | 'perp';
  readonly marketConfig?: MarketConfig;
  /** Funding files are read by the job itself: a parsed series is a class, not plain data. */
  readonly funding?: { readonly kind: 'file'; readonly path: string; readonly label: string } | { readonly kind: 'constant'; readonly rate: string };
  readonly warmupPath?: string;
}

export interface BacktestTapeJobResult {
  /** The JSON line the CLI prints on stdout for this tape. */
  readonly line: Readonly<Record<string, unknown>>;
  /** Lines for stderr after the run (warm-up, funding warnings), in order. */
  readonly notes: readonly string[];
  readonly trades: number;
}

/**
 * Backtests one tape into `input.out` (summary.json, trades.csv, report.html). Progress: `{ first,
 * last }` once the tape's span is known at open, then `{ trades, ts, closed }` per batch.
 */
export async function backtestTapeJob(input: BacktestTapeJobInput, progress: (p: JobProgress) => void): Promise<BacktestTapeJobResult> {
  let funding: FundingSource | undefined;
  if (input.funding?.kind === 'file') funding = { kind: 'series', series: await readFundingFile(input.funding.path), label: input.funding.label };
  else if (input.funding?.kind === 'constant') funding = { kind: 'constant', rate: input.funding.rate };
  let warmup: WarmupCandles | undefined;
  if (input.warmupPath !== undefined) warmup = await readWarmupFile(input.warmupPath);
  const { from, to } = input;
  const run = await backtestTape(input.tape, { symbol: input.symbol, exchange: input.exchange, format: input.format }, {
    cfg: input.cfg,
    out: input.out,
    startingEquity: input.equity,
    ...(input.market ? { market: input.market } : {}),
    ...(input.marketConfig ? { marketConfig: input.marketConfig } : {}),
    ...(funding ? { funding } : {}),
    ...(warmup ? { warmup } : {}),
    from,
    to,
    onProgress: (trades, ts, closed) => progress({ trades, ts, closed }),
    onOpen: (range) => progress(range ? { first: Math.max(range.first, from), last: Math.min(range.last, to) } : { first: null, last: null }),
  });
  const notes: string[] = [];
  if (run.result.warmUp) notes.push(warmUpText(run.result.warmUp));
  const span = run.timeRange;
  if (funding?.kind === 'series' && span && (funding.series.last < span.first - 8 * 3_600_000 || funding.series.first > span.last)) {
    notes.push(`warning: --funding ${funding.label} covers ${new Date(funding.series.first).toISOString()} → ${new Date(funding.series.last).toISOString()}, the tape ${new Date(span.first).toISOString()} → ${new Date(span.last).toISOString()}: no funding time of the tape has a rate in it`);
  }
  if (run.funding && run.funding.missingRates > 0) notes.push(`warning: the funding series had no rate for ${run.funding.missingRates} of ${run.funding.fundingTimes} funding times while a position was open; those were not applied (give a file that covers the tape)`);
  const summary = run.summary;
  const line = { trades: run.trades, market: run.market.marketType, symbol: run.market.symbol, closedTrades: summary.trades, netPnl: summary.netPnl, winRate: summary.winRate, ...(run.funding ? { funding: run.funding.total } : {}), out: input.out };
  return { line, notes, trades: run.trades };
}
