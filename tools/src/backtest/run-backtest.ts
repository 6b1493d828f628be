import { type BacktestResult, type MarketSpec, type StrategyConfig, type Summary, type Trade, TradingSession, type TapeFormat, type SessionEvent, marketFromTape } from '@cascade/core';
import { openTape } from '@cascade/adapters/tape-files';
import { writeBacktestOutputs } from './write-outputs.js';

export interface BacktestOptions {
  readonly cfg: StrategyConfig;
  readonly out: string;
  readonly startingEquity: string;
  readonly from?: number;
  readonly to?: number;
  readonly onProgress?: (trades: number, tapeTs: number, closed: number) => void;
  /** The tape's time span, when known at open (for a progress bar). */
  readonly onOpen?: (range: { first: number; last: number } | null) => void;
}

export interface BacktestRun {
  readonly market: MarketSpec;
  readonly trades: number;
  readonly result: BacktestResult;
  readonly summary: Summary;
  readonly events: readonly SessionEvent[];
}

/** Run a stream of trades through the session and write the three outputs. */
export async function backtestTrades(market: MarketSpec, trades: AsyncIterable<readonly Trade[]> | Iterable<readonly Trade[]>, opts: BacktestOptions, details: [string, string][] = []): Promise<BacktestRun> {
  const session = new TradingSession(market, opts.cfg, opts.cfg.paperVenue, { startingEquity: opts.startingEquity });
  const from = opts.from ?? Number.NEGATIVE_INFINITY;
  const to = opts.to ?? Number.POSITIVE_INFINITY;
  let n = 0;
  let stop = false;
  for await (const batch of trades) {
    for (const t of batch) {
      if (t.ts < from) continue;
      if (t.ts >= to) {
        stop = true;
        break;
      }
      session.onTrade(t);
      n += 1;
    }
    opts.onProgress?.(n, batch.at(-1)?.ts ?? 0, session.tradesClosed);
    if (stop) break;
  }
  const result = session.finish();
  const summary = await writeBacktestOutputs(opts.out, result, {
    title: `Backtest ${market.symbol} · ${market.exchange}`,
    currency: market.quote,
    priceSymbol: market.symbol,
    details: [
      ...details,
      ['Trades replayed', String(n)],
      ['Starting equity', `${opts.startingEquity} ${market.quote}`],
      ['Latency model', `${opts.cfg.paperVenue.latency.signalToOrderMs} + ${opts.cfg.paperVenue.latency.orderToFillMs} ms`],
      ['Slippage model', `${opts.cfg.paperVenue.slippage.fixedBps} bps + ${opts.cfg.paperVenue.slippage.impactBps} bps × size / recent volume (cap ${opts.cfg.paperVenue.slippage.maxImpactBps})`],
    ],
  });
  return { market, trades: n, result, summary, events: session.events };
}

/** Open a tape the way the streamer does (same market spec) and backtest it. */
export async function backtestTape(path: string, tapeOpts: { symbol?: string; exchange?: string; format?: TapeFormat }, opts: BacktestOptions): Promise<BacktestRun & { timeRange: { first: number; last: number } | null }> {
  const tape = await openTape(path, tapeOpts);
  const market = marketFromTape(tape.exchange, tape.symbol, tape.precision, tape.format === 'truefx-quotes-csv' ? 'forex' : 'spot');
  opts.onOpen?.(tape.timeRange);
  const run = await backtestTrades(market, tape.batches(), opts, [['Tape', path]]);
  return { ...run, timeRange: tape.timeRange };
}
