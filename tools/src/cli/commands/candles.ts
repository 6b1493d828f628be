import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { type Candle, CandleBuilder, type Timeframe, type Trade, timeframeMs, tryInferTapeIdentity } from '@cascade/core';
import type { CliCommand } from '../command.js';
import { UsageError, fixed, openTapeArg } from '../inspect/open-tape-arg.js';

const HELP = `Usage: npm run cli -- candles --tape FILE --timeframe 1m|5m|15m [--symbol S] [--format csv|json] [--out FILE]

Print the OHLCV candles of a trades tape, built with the candle builder the analytics use
(UTC-aligned buckets; an interval without trades has no candle; the last candle holds the
tape's last trades). Columns:
  timestamp,open,high,low,close,volume,buy_volume,sell_volume,trades,buy_trades,sell_trades
timestamp is the candle's open time in UTC ms; buy/sell are the aggressor sides.

Options:
  --tape FILE          the tape (Binance trades/aggTrades CSV or zip, ccxt JSON/CSV, Kraken CSV, Parquet; plain, .gz, .zip)
  --timeframe T        1m, 5m or 15m
  --symbol S           symbol when the file name does not say (e.g. ETH/USDT)
  --format F           output: csv (default) or json (an array of objects with the same keys)
  --tape-format F      the tape's format when detection cannot tell (what --format means in npm start/backtest)
  --out FILE           write there instead of stdout`;

const COLUMNS = ['timestamp', 'open', 'high', 'low', 'close', 'volume', 'buy_volume', 'sell_volume', 'trades', 'buy_trades', 'sell_trades'] as const;

export const candlesCommand: CliCommand = {
  name: 'candles',
  summary: 'Print the 1m/5m/15m candles of a tape as CSV or JSON',
  help: HELP,
  async run(args) {
    try {
      return await candles(args);
    } catch (e) {
      if (e instanceof UsageError) {
        console.error(`${e.message}\n\n${HELP}`);
        return 2;
      }
      throw e;
    }
  },
};

async function candles(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { tape: { type: 'string' }, timeframe: { type: 'string' }, symbol: { type: 'string' }, format: { type: 'string' }, 'tape-format': { type: 'string' }, out: { type: 'string' } },
  });
  const tf = values.timeframe;
  if (tf === undefined || !(tf in timeframeMs)) throw new UsageError(`--timeframe must be 1m, 5m or 15m${tf === undefined ? '' : `, got "${tf}"`}`);
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') {
    throw new UsageError(`--format is the output format here: csv or json (got "${format}"); give the tape's format with --tape-format`);
  }
  // Candles need no symbol: a file whose name does not say one still prints (the symbol is not shown).
  const named = values.tape === undefined ? null : tryInferTapeIdentity(basename(values.tape)).symbol;
  const tape = await openTapeArg(values.tape, values.symbol ?? named ?? 'UNKNOWN/UNKNOWN', values['tape-format']);
  const list = await buildCandles(tape.batches(), tf as Timeframe);
  const { pricePrecision: pp, amountPrecision: ap } = tape.precision;
  const rows = list.map((c) => candleRow(c, pp, ap));
  const text = format === 'json' ? `${JSON.stringify(rows.map(jsonRow), null, 1)}\n` : `${COLUMNS.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}${rows.length > 0 ? '\n' : ''}`;
  if (values.out) {
    await writeFile(values.out, text);
    console.error(`wrote ${list.length} ${tf} candles to ${values.out}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/** Every candle of the trades, the open one at the end included, oldest first. */
export async function buildCandles(batches: AsyncIterable<readonly Trade[]>, tf: Timeframe): Promise<Candle[]> {
  const builder = new CandleBuilder(tf, 0);
  const out: Candle[] = [];
  for await (const batch of batches) {
    for (const t of batch) {
      const closed = builder.update(t);
      if (closed !== null) out.push(closed);
    }
  }
  if (builder.open !== null) out.push(builder.open);
  return out;
}

/** Sums print at the tape's amount precision: exact decimals, no float tails. */
function candleRow(c: Candle, pp: number, ap: number): string[] {
  return [String(c.openTime), fixed(c.open, pp), fixed(c.high, pp), fixed(c.low, pp), fixed(c.close, pp), fixed(c.volume, ap), fixed(c.buyVolume, ap), fixed(c.sellVolume, ap), String(c.trades), String(c.buyTrades), String(c.sellTrades)];
}

function jsonRow(r: readonly string[]): Record<string, number> {
  return Object.fromEntries(COLUMNS.map((k, i) => [k, Number(r[i])]));
}
