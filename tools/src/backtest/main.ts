import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type WarmupCandles, warmUpText, type FundingSource, type MarketConfig, MarketConfigSchema, StrategyConfigSchema, formatIssues, isTapeFormat, supportedTapeFormatsText } from '@cascade/core';
import { readFundingFile, readWarmupFile } from '@cascade/adapters/tape-files';
import { backtestTape } from './run-backtest.js';
import { ProgressBar } from './progress-bar.js';
import { parseTime } from './parse-time.js';

const HELP = `cascade backtest: run the live strategy code over a tape with the simulated venue

Usage: npm run backtest -- --tape FILE --out DIR [options]

  --tape FILE       tape to replay (ccxt JSON/CSV, Binance trades/aggTrades CSV or zip, Kraken CSV,
                    TrueFX quotes, Parquet; plain, .gz or .zip)
  --out DIR         where report.html, trades.csv and summary.json go (created if missing)
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
      tape: { type: 'string' },
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
  if (!values.tape || !values.out) {
    console.error(`--tape and --out are required.\n\n${HELP}`);
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
  let funding: FundingSource | undefined;
  if (values.funding) funding = { kind: 'series', series: await readFundingFile(resolve(values.funding)), label: values.funding };
  else if (values['funding-rate'] !== undefined) funding = { kind: 'constant', rate: values['funding-rate'] };

  let warmup: WarmupCandles | undefined;
  if (values.warmup) {
    try {
      warmup = await readWarmupFile(resolve(values.warmup));
    } catch (e) {
      console.error(`--warmup: ${(e as Error).message}`);
      return 2;
    }
  }

  const bar = values.quiet ? null : new ProgressBar(process.stderr, null);
  const run = await backtestTape(resolve(values.tape), { symbol: values.symbol, exchange: values.exchange, format: values.format }, {
    cfg,
    out: resolve(values.out),
    startingEquity: values.equity,
    ...(values.market === 'spot' || values.market === 'perp' ? { market: values.market } : {}),
    ...(marketConfig ? { marketConfig } : {}),
    ...(funding ? { funding } : {}),
    ...(warmup ? { warmup } : {}),
    from,
    to,
    onProgress: (n, ts, closed) => bar?.update(n, ts, closed),
    onOpen: (range) => bar?.setSpan(range ? { first: Math.max(range.first, from), last: Math.min(range.last, to) } : null),
  });
  bar?.done(run.trades);
  if (run.result.warmUp) console.error(warmUpText(run.result.warmUp));
  const span = run.timeRange;
  if (funding?.kind === 'series' && span && (funding.series.last < span.first - 8 * 3_600_000 || funding.series.first > span.last)) {
    console.error(`warning: --funding ${values.funding} covers ${new Date(funding.series.first).toISOString()} → ${new Date(funding.series.last).toISOString()}, the tape ${new Date(span.first).toISOString()} → ${new Date(span.last).toISOString()}: no funding time of the tape has a rate in it`);
  }
  if (run.funding && run.funding.missingRates > 0) console.error(`warning: the funding series had no rate for ${run.funding.missingRates} of ${run.funding.fundingTimes} funding times while a position was open; those were not applied (give a file that covers the tape)`);
  const n = run.trades;
  const summary = run.summary;
  console.log(JSON.stringify({ trades: n, market: run.market.marketType, symbol: run.market.symbol, closedTrades: summary.trades, netPnl: summary.netPnl, winRate: summary.winRate, ...(run.funding ? { funding: run.funding.total } : {}), out: resolve(values.out) }));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`backtest: ${(e as Error).message}`);
    process.exit(1);
  },
);
