import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StrategyConfigSchema, formatIssues, isTapeFormat, supportedTapeFormatsText } from '@cascade/core';
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
  const parsed = StrategyConfigSchema.safeParse(cfgInput);
  if (!parsed.success) {
    console.error(`--config ${values.config} is not a valid strategy config: ${formatIssues(parsed.error.issues)}`);
    return 2;
  }
  const cfg = parsed.data;

  const bar = values.quiet ? null : new ProgressBar(process.stderr, null);
  const run = await backtestTape(resolve(values.tape), { symbol: values.symbol, exchange: values.exchange, format: values.format }, {
    cfg,
    out: resolve(values.out),
    startingEquity: values.equity,
    from,
    to,
    onProgress: (n, ts, closed) => bar?.update(n, ts, closed),
    onOpen: (range) => bar?.setSpan(range ? { first: Math.max(range.first, from), last: Math.min(range.last, to) } : null),
  });
  bar?.done(run.trades);
  const n = run.trades;
  const summary = run.summary;
  console.log(JSON.stringify({ trades: n, closedTrades: summary.trades, netPnl: summary.netPnl, winRate: summary.winRate, out: resolve(values.out) }));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`backtest: ${(e as Error).message}`);
    process.exit(1);
  },
);
