import Big from 'big.js';
import { z } from 'zod';
import type { FundingRatePoint } from './funding-rate-series.js';

/**
 * Binance public-data funding file (data.binance.vision/data/futures/um/monthly/fundingRate/<SYMBOL>/
 * <SYMBOL>-fundingRate-YYYY-MM.zip; no daily files exist), CSV with a header, times in UTC ms:
 *
 *   calc_time,funding_interval_hours,last_funding_rate
 *   1704067200000,8,0.00037409
 *   1704096000000,8,0.00027213
 *
 * (the first rows of BTCUSDT-fundingRate-2024-01: 2024-01-01 00:00 and 08:00 UTC).
 */
export function parseBinanceFundingCsv(text: string, source: string): FundingRatePoint[] {
  const lines = text.split(/\r?\n/);
  const out: FundingRatePoint[] = [];
  let rateCol = 2;
  let timeCol = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    if (i === 0 && !/^\d/.test(cells[0] ?? '')) {
      timeCol = cells.indexOf('calc_time');
      rateCol = cells.indexOf('last_funding_rate');
      if (timeCol < 0 || rateCol < 0) throw new Error(`${source}: header "${line}" is not a Binance funding file (expected calc_time,funding_interval_hours,last_funding_rate)`);
      continue;
    }
    const time = Number(cells[timeCol]);
    const rate = cells[rateCol] ?? '';
    if (!Number.isSafeInteger(time) || time <= 0) throw new Error(`${source} line ${i + 1}: calc_time "${cells[timeCol] ?? ''}" is not a UTC ms time`);
    out.push({ time, rate: decimalText(rate, `${source} line ${i + 1}: last_funding_rate`) });
  }
  return out;
}

/**
 * ccxt `fetchFundingRateHistory(symbol)` saved as JSON: an array of funding-rate-history structures,
 * `fundingRate` a number, `timestamp` UTC ms; `info` is the venue's raw row (Binance /fapi/v1/fundingRate):
 *
 *   [{"info":{"symbol":"BTCUSDT","fundingTime":1704067200000,"fundingRate":"0.00037409"},
 *     "symbol":"BTC/USDT:USDT","fundingRate":0.00037409,"timestamp":1704067200000,"datetime":"2024-01-01T00:00:00.000Z"}, …]
 *
 * A JSON number prints back as its shortest decimal (0.00037409 → "0.00037409"), so the rate stays exact.
 */
const CcxtFundingRow = z.object({
  fundingRate: z.number().finite(),
  timestamp: z.number().int().positive(),
  symbol: z.string().optional(),
});

export function parseCcxtFundingJson(text: string, source: string): FundingRatePoint[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not JSON (${(e as Error).message}); give the array ccxt fetchFundingRateHistory returns, or a Binance fundingRate CSV`, { cause: e });
  }
  if (!Array.isArray(raw)) throw new Error(`${source}: expected a JSON array of ccxt funding-rate-history entries`);
  return raw.map((row, i) => {
    const r = CcxtFundingRow.safeParse(row);
    if (!r.success) throw new Error(`${source} entry ${i}: not a ccxt funding-rate-history entry (needs numeric fundingRate and timestamp in ms): ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return { time: r.data.timestamp, rate: new Big(r.data.fundingRate).toFixed() };
  });
}

/** Either layout, told by the first non-blank character. */
export function parseFundingRateFile(text: string, source: string): FundingRatePoint[] {
  const points = text.trimStart().startsWith('[') ? parseCcxtFundingJson(text, source) : parseBinanceFundingCsv(text, source);
  if (points.length === 0) throw new Error(`${source} holds no funding rates; give a Binance fundingRate CSV or a ccxt fetchFundingRateHistory JSON array`);
  return points.sort((a, b) => a.time - b.time);
}

function decimalText(v: string, what: string): string {
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) throw new Error(`${what} "${v}" is not a number`);
  return new Big(v).toFixed();
}
