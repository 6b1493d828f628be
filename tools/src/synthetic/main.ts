import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type Trade, tryInferTapeIdentity } from '@cascade/core';
import { openTape } from '@cascade/adapters/tape-files';
import { parseTime } from '../backtest/parse-time.js';
import { MEASURED } from './microstructure.js';
import { regimeTapePlan, regimeTrades } from './regime-tape.js';
import { REGIME_PARAMS, type Regime, regimes } from './regimes.js';
import { measureTrades } from './tape-stats.js';
import { BINANCE_TRADES_HEADER, CCXT_CSV_HEADER, KlineWriter, TextFile, binanceAggTradeLine, binanceTradeLine, ccxtCsvLine } from './write-synth.js';

/** Tape layouts --format writes. */
const formats = ['binance-trades', 'binance-aggtrades', 'ccxt-csv'] as const;
type SynthFormat = (typeof formats)[number];
/** The fitted rate is ~34 trades/s; --trades N sizes the tape for twice the time that takes, then stops at N. */
const hoursPerTrade = 2 / (34 * 3600);

const HELP = `cascade synth: write a seeded generated trade tape of one market regime

Usage: npm run synth -- --regime R --seed N --hours H --out FILE [options]
       npm run synth -- --measure TAPE [--symbol S]

  --regime R         ${regimes.join(' | ')}
                       trend   stair-step uptrend: buy-led impulses, shallow sell-led pullbacks,
                               a rejection candle making a demand zone, then a buy burst at it
                       mirror  trend mirrored in price around --price (p → 2·p0 − p), sides flipped
                       chop    mean-reverting range (±0.6 % sd, half-life 45 min)
                       walk    driftless random walk (0.35 % per 15 min)
                       crash   steady, then a 25–40 % fall over 2 h at 60 % of the tape
  --seed N           integer seed: the same seed and options give the same file
  --hours H          length of the tape (e.g. 24)
  --trades N         instead of --hours: exactly N trades (the tape is sized for them, then cut at N);
                     e.g. --trades 10000000 for a throughput tape
  --out FILE         tape to write: Binance public-data CSV, gzip when FILE ends .gz, a one-file zip
                     (as data.binance.vision serves them) when it ends .zip
  --format F         binance-trades (default: header id,price,qty,quote_qty,time,is_buyer_maker) or
                     binance-aggtrades (data.binance.vision spot aggTrades, no header) or ccxt-csv
                     (ccxt trades saved by pandas: ,timestamp,id,type,side,price,amount,cost,date)
  --warmup-out FILE  also write the ${'34'} h before the tape as 1m Binance klines (for --warmup)
  --start T          tape start, ISO 8601 or UTC ms (default 2024-01-01T00:00:00Z; aligned to 15 min)
  --price P          price at the tape's start (default 2500; tick 0.01, amounts to 0.0001)
  --symbol S         symbol to name in the replay hint (default ETH/USDT)
  --activity F       multiple of the fitted order rate (default 1 ≈ 10 taker orders, 34 trades/s;
                     0.1 makes a tenth of the trades with the same sizes and mix)
  --measure TAPE     print the fitted statistics of a tape instead (trade sizes, gaps, buy share)
  -h, --help         this help

Trade sizes, order gaps, fills per order and the buy/sell mix are fitted to the shared 2024 Binance
ETHUSDT tapes (tools/src/synthetic/microstructure.ts); the regime parameters are fixed in
tools/src/synthetic/regimes.ts. Name the file like binance-ethusdt-trades-… so readers infer the
symbol, or pass --symbol when you replay it.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      regime: { type: 'string' },
      seed: { type: 'string' },
      hours: { type: 'string' },
      trades: { type: 'string' },
      format: { type: 'string', default: 'binance-trades' },
      out: { type: 'string' },
      'warmup-out': { type: 'string' },
      start: { type: 'string' },
      price: { type: 'string' },
      symbol: { type: 'string' },
      activity: { type: 'string' },
      measure: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.measure !== undefined) return measure(values.measure, values.symbol);
  const missing: string[] = (['regime', 'seed', 'out'] as const).filter((k) => values[k] === undefined);
  if (values.hours === undefined && values.trades === undefined) missing.push('hours');
  if (values.hours !== undefined && values.trades !== undefined) {
    console.error('give --hours H or --trades N, not both');
    return 2;
  }
  const format = values.format as SynthFormat;
  if (!formats.includes(format)) {
    console.error(`--format must be one of ${formats.join(', ')}, got "${values.format}"`);
    return 2;
  }
  if (missing.length > 0) {
    console.error(`missing ${missing.map((m) => `--${m}`).join(', ')}\n\n${HELP}`);
    return 2;
  }
  const regime = values.regime as Regime;
  if (!regimes.includes(regime)) {
    console.error(`--regime must be one of ${regimes.join(', ')}, got "${values.regime}"`);
    return 2;
  }
  const num = (flag: string, v: string | undefined, int = false): number | null => {
    if (v === undefined) return null;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || (int && !Number.isInteger(n))) throw new UsageError(`--${flag} must be ${int ? 'an integer' : 'a number'}, got "${v}"`);
    return n;
  };
  let opts;
  let limit = Number.POSITIVE_INFINITY;
  try {
    const trades = num('trades', values.trades, true);
    if (trades !== null) {
      if (trades < 1) throw new UsageError(`--trades must be a positive integer, got "${values.trades}"`);
      limit = trades;
    }
    opts = {
      regime,
      seed: num('seed', values.seed, true) as number,
      hours: trades !== null ? Math.ceil(trades * hoursPerTrade) : (num('hours', values.hours) as number),
      start: values.start === undefined ? undefined : parseTime(values.start, '--start'),
      price: num('price', values.price) ?? undefined,
      activity: num('activity', values.activity) ?? undefined,
    };
    regimeTapePlan(opts); // validates the numbers before any file is created
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const plan = regimeTapePlan(opts);
  const out = values.out as string;
  const tape = new TextFile(out);
  if (format === 'binance-trades') await tape.line(BINANCE_TRADES_HEADER);
  if (format === 'ccxt-csv') await tape.line(CCXT_CSV_HEADER);
  const lineOf = format === 'binance-trades' ? binanceTradeLine : format === 'binance-aggtrades' ? binanceAggTradeLine : (t: Trade) => ccxtCsvLine(t, written);
  const klines = values['warmup-out'] ? new KlineWriter(new TextFile(values['warmup-out'])) : null;
  let written = 0;
  let nextReport = plan.origin;
  const showProgress = process.stderr.isTTY === true;
  const span = plan.tapeEnd - plan.origin;
  for (const t of regimeTrades(opts)) {
    if (t.ts < plan.tapeStart) {
      if (klines) await klines.add(t);
    } else {
      await tape.line(lineOf(t));
      written += 1;
      if (written >= limit) break;
    }
    if (showProgress && t.ts >= nextReport) {
      const frac = Number.isFinite(limit) ? Math.max((t.ts - plan.origin) / span, written / limit) : (t.ts - plan.origin) / span;
      process.stderr.write(`\rsynth ${regime}: ${(frac * 100).toFixed(0).padStart(3)} %`);
      nextReport += span / 100;
    }
  }
  await tape.end();
  await klines?.end(plan.tapeStart);
  if (showProgress) process.stderr.write('\n');
  const symbol = values.symbol ?? 'ETH/USDT';
  const named = tryInferTapeIdentity(basename(out)).symbol !== null;
  console.log(
    JSON.stringify({
      regime,
      seed: opts.seed,
      trades: written,
      format,
      from: new Date(plan.tapeStart).toISOString(),
      to: new Date(plan.tapeEnd).toISOString(),
      params: REGIME_PARAMS[regime],
      out,
      warmupOut: values['warmup-out'] ?? null,
      replay: `npm run backtest -- --tape ${out}${named ? '' : ` --symbol ${symbol}`}${values['warmup-out'] ? ` --warmup ${values['warmup-out']}` : ''} --out <dir>`,
    }),
  );
  return 0;
}

async function measure(path: string, symbol: string | undefined): Promise<number> {
  const tape = await openTape(path, symbol === undefined ? {} : { symbol });
  const trades = [];
  for await (const b of tape.batches()) trades.push(...b);
  console.log(JSON.stringify({ tape: path, ...measureTrades(trades), fittedTo: MEASURED }, null, 2));
  return 0;
}

class UsageError extends Error {}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`synth: ${(e as Error).message}`);
    process.exit(1);
  },
);
