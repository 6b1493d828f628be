import { z } from 'zod';
import { type CandleRow, candleRowProblem } from './kline-csv.js';
import { epochToMs } from './utc-time.js';

// ccxt `fetchOHLCV` saved as JSON: [[timestamp_ms, open, high, low, close, volume], …], e.g.
//   [[1704067200000,42283.58,42288,42261.02,42266.95,13.70612], …]
// ccxt writes null for a value the venue did not give; such a row cannot seed an indicator.

const row = z.tuple([z.number().int(), z.number(), z.number(), z.number(), z.number(), z.number()]).rest(z.unknown());
const file = z.array(row);

/**
 * Parses ccxt OHLCV JSON into candle rows in file order. The aggressor split and trade counts are not
 * in OHLCV, so they are NaN (unknown, not zero), as ohlcv-warmup.ts does for venue candles.
 */
export function parseCcxtOhlcvJson(text: string, source = 'OHLCV JSON'): CandleRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source} is not JSON (${(e as Error).message}); ccxt OHLCV JSON is [[timestamp_ms, open, high, low, close, volume], …]`, { cause: e });
  }
  const parsed = file.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` at [${issue.path.join('][')}]` : '';
    throw new Error(`${source}${at}: ${issue?.message ?? 'invalid'}; ccxt OHLCV JSON is [[timestamp_ms, open, high, low, close, volume], …] with numbers only`);
  }
  return parsed.data.map((r, i) => {
    const [t, open, high, low, close, volume] = r;
    const c: CandleRow = { openTime: epochToMs(t), open, high, low, close, volume, buyVolume: NaN, sellVolume: NaN, trades: NaN, buyTrades: NaN, sellTrades: NaN };
    const problem = candleRowProblem(c);
    if (problem !== null) throw new Error(`${source} row ${i}: ${problem}: ${JSON.stringify(r)}`);
    return c;
  });
}
