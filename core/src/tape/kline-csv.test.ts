import { describe, expect, it } from 'vitest';
import { parseBinanceKlineCsv } from './kline-csv.js';
import { parseCcxtOhlcvJson } from './ohlcv-json.js';
import { detectCandleTimeframe, warmupCandlesFromRows } from './warmup-candles.js';

// The first minute of data.binance.vision spot BTCUSDT-1m-2024-01-01.csv (no header).
const REAL_SPOT = '1704067200000,42283.58000000,42288.00000000,42261.02000000,42266.95000000,13.70612000,1704067259999,579426.35515540,624,6.64918000,281051.16154220,0';
const FUTURES_HEADER = 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';

/** A 1m kline line in Binance's layout: open = close of the previous, high/low ±1, buy = 40 % of volume. */
function line(minute: number, open: number, close: number, volume: number, t0 = 1704067200000): string {
  const t = t0 + minute * 60_000;
  const buy = (volume * 0.4).toFixed(3);
  return `${t},${open}.00,${Math.max(open, close) + 1}.00,${Math.min(open, close) - 1}.00,${close}.00,${volume}.000,${t + 59_999},0,${minute + 1},${buy},0,0`;
}

describe('parseBinanceKlineCsv', () => {
  it('reads a real headerless spot line: split from taker_buy_volume, counts per side unknown', () => {
    const [c, ...rest] = parseBinanceKlineCsv(`${REAL_SPOT}\n`);
    expect(rest).toHaveLength(0);
    // By hand: sell = 13.70612 − 6.64918 = 7.05694 (exact on the printed decimals).
    expect(c).toEqual({
      openTime: 1704067200000,
      open: 42283.58,
      high: 42288,
      low: 42261.02,
      close: 42266.95,
      volume: 13.70612,
      buyVolume: 6.64918,
      sellVolume: 7.05694,
      trades: 624,
      buyTrades: NaN,
      sellTrades: NaN,
    });
  });

  it('reads the futures layout with a header and µs open times (spot files from 2025 on)', () => {
    const text = `${FUTURES_HEADER}\r\n1735689600000000,93576.00,93610.93,93537.50,93610.93,8.21827000,1735689659999999,768978.09,1322,5.87930000,550141.89,0\r\n`;
    const [c] = parseBinanceKlineCsv(text);
    expect(c?.openTime).toBe(1735689600000);
    expect(c?.buyVolume).toBe(5.8793);
    expect(c?.sellVolume).toBe(2.33897); // 8.21827 − 5.87930 by hand
    expect(c?.trades).toBe(1322);
  });

  it('without a taker_buy_volume column the split is NaN (unknown, not zero)', () => {
    const [c] = parseBinanceKlineCsv('open_time,open,high,low,close,volume\n1704067200000,10,11,9,10.5,100\n');
    expect(c?.volume).toBe(100);
    expect(c?.buyVolume).toBeNaN();
    expect(c?.trades).toBeNaN();
  });

  it('a bad row throws with its line number; a header without prices says what a kline CSV holds', () => {
    expect(() => parseBinanceKlineCsv(`${REAL_SPOT}\n1704067260000,abc,1,1,1,1,0,0,0,0,0,0\n`, 'k.csv')).toThrow(/k\.csv line 2/);
    expect(() => parseBinanceKlineCsv(`${REAL_SPOT.replace('42288.00000000', '42000.00000000')}\n`)).toThrow(/bracket/);
    expect(() => parseBinanceKlineCsv('id,price,qty\n1,2,3\n')).toThrow(/open_time,open,high,low,close,volume/);
  });
});

describe('parseCcxtOhlcvJson', () => {
  it('reads [[ts, o, h, l, c, v], …] with the split unknown', () => {
    const [c] = parseCcxtOhlcvJson('[[1704067200000,42283.58,42288,42261.02,42266.95,13.70612]]');
    expect(c).toMatchObject({ openTime: 1704067200000, open: 42283.58, high: 42288, low: 42261.02, close: 42266.95, volume: 13.70612 });
    expect(c?.buyVolume).toBeNaN();
    expect(c?.trades).toBeNaN();
  });

  it('a null value or non-JSON throws saying what the format is', () => {
    expect(() => parseCcxtOhlcvJson('[[1704067200000,1,2,0.5,1,null]]', 'o.json')).toThrow(/o\.json at \[0\]\[5\].*ccxt OHLCV JSON/);
    expect(() => parseCcxtOhlcvJson('open_time,open')).toThrow(/not JSON/);
  });
});

describe('warm-up candles from rows', () => {
  it('tells the timeframe from the smallest gap, gaps included', () => {
    const rows = parseBinanceKlineCsv([line(0, 100, 101, 5), line(1, 101, 102, 5), line(5, 102, 103, 5)].join('\n'));
    expect(detectCandleTimeframe(rows)).toBe('1m');
    const hourly = parseCcxtOhlcvJson('[[0,1,1,1,1,1],[3600000,1,1,1,1,1]]');
    expect(() => detectCandleTimeframe(hourly, 'h.json')).toThrow(/60 min apart; warm-up reads 1m, 5m or 15m/);
    expect(() => detectCandleTimeframe(hourly.slice(0, 1))).toThrow(/at least two/);
  });

  it('1m input also gives 15m: a complete bucket folded, a partial trailing bucket left out, zero volume dropped', () => {
    // Minutes 0…14 step the close up by 1 from 100 (minute m: open 100+m, close 101+m, volume m+1,
    // except minute 7 has volume 0), then minute 15 starts a bucket the file does not finish.
    const lines = Array.from({ length: 16 }, (_, m) => line(m, 100 + m, 101 + m, m === 7 ? 0 : m + 1));
    const w = warmupCandlesFromRows(parseBinanceKlineCsv(lines.reverse().join('\n')));
    expect(w['1m']).toHaveLength(15); // 16 minutes, one with volume 0
    expect(w['1m']?.[0]?.openTime).toBe(1704067200000); // sorted, though the file ran backwards
    // By hand for 00:00–00:14: open 100 (minute 0), close 115 (minute 14), high 115+1, low 100−1,
    // volume Σ(m+1, m=0..14) − 8 (minute 7) = 120 − 8 = 112, buy 40 % = 44.8, trades Σ(m+1) − 8 = 112.
    expect(w['15m']).toHaveLength(1);
    const c = w['15m']?.[0];
    expect(c).toMatchObject({ timeframe: '15m', openTime: 1704067200000, open: 100, high: 116, low: 99, close: 115, volume: 112, trades: 112 });
    expect(c?.buyVolume).toBeCloseTo(44.8, 9);
    expect(c?.sellVolume).toBeCloseTo(67.2, 9);
    expect(c?.buyTrades).toBeNaN();
  });

  it('a repeated open time or a misaligned candle throws', () => {
    expect(() => warmupCandlesFromRows(parseBinanceKlineCsv([line(0, 10, 11, 1), line(0, 10, 11, 1), line(1, 11, 12, 1)].join('\n')), 'x.csv')).toThrow(/two candles open at 2024-01-01T00:00:00.000Z/);
    expect(() => warmupCandlesFromRows(parseCcxtOhlcvJson('[[1000,1,1,1,1,1],[61000,1,1,1,1,1]]'))).toThrow(/not aligned/);
  });

  it('15m input gives 15m only', () => {
    const w = warmupCandlesFromRows(parseCcxtOhlcvJson('[[0,1,2,0.5,1.5,3],[900000,1.5,2,1,1.8,4]]'));
    expect(w['1m']).toBeUndefined();
    expect(w['15m']?.map((c) => c.close)).toEqual([1.5, 1.8]);
  });
});
