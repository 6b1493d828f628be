import { type BacktestResult, type FundingSource, type FundingStats, type MarketConfig, type MarketSpec, type StrategyConfig, type Summary, type Trade, TradingSession, type TapeFormat, type SessionEvent, type WarmUpHistory, applyMarketConfig, chooseLeverage, marketFromTape, tapeMarketType, unknownExchange } from '@cascade/core';
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
  /** `--market`: trade the tape as spot or perp whatever its symbol says. */
  readonly market?: 'spot' | 'perp';
  /** `--market-config`: fee, maintenance-margin and funding-rate overrides (a `market_configs` document). */
  readonly marketConfig?: MarketConfig;
  /** Perpetuals: funding-rate series (`--funding`) or constant (`--funding-rate`); default the market's constant. */
  readonly funding?: FundingSource;
  /** `--warmup`: closed candles that seed the regime before the first trade (those ending after it are dropped). */
  readonly warmup?: WarmUpHistory;
}

export interface BacktestRun {
  readonly market: MarketSpec;
  readonly trades: number;
  readonly result: BacktestResult;
  readonly summary: Summary;
  readonly events: readonly SessionEvent[];
  /** Perpetuals: what funding did; null on other markets. */
  readonly funding: FundingStats | null;
}

/** Run a stream of trades through the session and write the three outputs. */
export async function backtestTrades(market: MarketSpec, trades: AsyncIterable<readonly Trade[]> | Iterable<readonly Trade[]>, opts: BacktestOptions, details: [string, string][] = []): Promise<BacktestRun> {
  const session = new TradingSession(market, opts.cfg, opts.cfg.paperVenue, { startingEquity: opts.startingEquity, ...(opts.funding ? { funding: opts.funding } : {}) });
  if (opts.warmup) session.warmUp(opts.warmup);
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
  const perp = market.marketType === 'perp' ? perpDetails(market, opts, session.fundingStats) : [];
  const summary = await writeBacktestOutputs(opts.out, result, {
    // A tape whose name and layout name no venue (a ccxt CSV called ethusdt-….csv) says so once, not "unknown" in the title.
    title: market.exchange === unknownExchange ? `Backtest ${market.symbol}` : `Backtest ${market.symbol} · ${market.exchange}`,
    currency: market.quote,
    priceSymbol: market.symbol,
    details: [
      ...details,
      ...(market.exchange === unknownExchange ? [['Venue', 'not named by the file name or its layout (pass --exchange E)'] as [string, string]] : []),
      ['Market', market.marketType],
      ...perp,
      ['Trades replayed', String(n)],
      ['Starting equity', `${opts.startingEquity} ${market.quote}`],
      ['Latency model', `${opts.cfg.paperVenue.latency.signalToOrderMs} + ${opts.cfg.paperVenue.latency.orderToFillMs} ms`],
      ['Slippage model', `${opts.cfg.paperVenue.slippage.fixedBps} bps + ${opts.cfg.paperVenue.slippage.impactBps} bps × size / recent volume (cap ${opts.cfg.paperVenue.slippage.maxImpactBps})`],
    ],
  });
  return { market, trades: n, result, summary, events: session.events, funding: market.marketType === 'perp' ? session.fundingStats : null };
}

/** The report's lines about a perpetual: leverage, margin, fees, liquidation model and what funding did. */
function perpDetails(market: MarketSpec, opts: BacktestOptions, f: FundingStats): [string, string][] {
  const lev = chooseLeverage('perp', undefined, opts.cfg.execution.sizing).leverage;
  const src = opts.funding ?? { kind: 'constant' as const, rate: market.perp?.fundingRate ?? '0' };
  return [
    ['Leverage / margin', `${lev}× isolated`],
    ['Fees (taker / maker)', `${market.takerFee} / ${market.makerFee}`],
    ['Maintenance margin (tier 1)', `${market.perp?.maintenanceMarginRate ?? '—'} (liquidation price per position)`],
    ['Funding source', src.kind === 'constant' ? `constant ${src.rate} per 8 h` : `series ${src.label} (${src.series.size} rates)`],
    ['Funding applied', `${f.fundingTimes - f.missingRates} of ${f.fundingTimes} funding times while open, total ${f.total} ${market.quote}${f.missingRates > 0 ? ` (${f.missingRates} times had no rate in the series)` : ''}`],
  ];
}

/** Open a tape the way the streamer does (same market spec) and backtest it. */
export async function backtestTape(path: string, tapeOpts: { symbol?: string; exchange?: string; format?: TapeFormat }, opts: BacktestOptions): Promise<BacktestRun & { timeRange: { first: number; last: number } | null }> {
  const tape = await openTape(path, tapeOpts);
  const base = marketFromTape(tape.exchange, tape.symbol, tape.precision, tapeMarketType(tape.symbol, tape.format === 'truefx-quotes-csv', opts.market));
  const market = opts.marketConfig ? applyMarketConfig(base, opts.marketConfig) : base;
  if (opts.funding && market.marketType !== 'perp') throw new Error(`funding applies to perpetuals, and ${market.symbol} is traded as ${market.marketType}; pass --market perp (or a symbol like BTC/USDT:USDT)`);
  opts.onOpen?.(tape.timeRange);
  const run = await backtestTrades(market, tape.batches(), opts, [['Tape', path]]);
  return { ...run, timeRange: tape.timeRange };
}
