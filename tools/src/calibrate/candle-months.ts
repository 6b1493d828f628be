import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { type Candle, RegimeDetector, RegimeVerdict, WilderAdx, foldCandles, regimeRetention } from '@cascade/core';

/**
 * Level 1 on a month of real 1-minute bars (issue 10 item 8): how often the engine's regime judge says
 * UPTREND/DOWNTREND on 15m closes, which check stops it otherwise, and how often a textbook trend test
 * holds on the same closes — Wilder ADX(14) > 25, the DI of the same side on top, and three 15m candles
 * of higher highs and higher lows (two steps; mirrored for a downtrend). Bars only: no trades, so the
 * order-flow levels are not judged here.
 */
export interface CandleMonthLevel1 {
  readonly file: string;
  readonly bars1m: number;
  readonly closes15m: number;
  /** 15m closes at which every regime value is known (after the first verdict's lookback). */
  readonly judged: number;
  readonly uptrend: number;
  readonly downtrend: number;
  /** First failed check of each RANGING verdict (the funnel's attribution). */
  readonly stoppedBy: Readonly<Record<string, number>>;
  /** Closes where the textbook test holds (judged closes only, so the two rates share a denominator). */
  readonly textbook: number;
}

/** `timestamp[_utc],open,high,low,close[,volume]` with `YYYY-MM-DD HH:MM:SS[+00:00]` times in UTC; plain or gzip. */
export async function readOneMinuteBars(path: string): Promise<Candle[]> {
  const raw = await readFile(path);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  const out: Candle[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const [ts = '', o, h, l, c, v] = line.split(',');
    const t = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(ts) ? ts.replace(' ', 'T') : `${ts.replace(' ', 'T')}Z`);
    if (!Number.isFinite(t)) throw new Error(`${path}: cannot read the time "${ts}"`);
    const volume = v === undefined ? 0 : Number(v);
    out.push({ timeframe: '1m', openTime: t, open: Number(o), high: Number(h), low: Number(l), close: Number(c), volume, buyVolume: Number.NaN, sellVolume: Number.NaN, trades: Number.NaN, buyTrades: Number.NaN, sellTrades: Number.NaN });
  }
  return out.sort((a, b) => a.openTime - b.openTime);
}

export function level1OnBars(file: string, bars: readonly Candle[]): CandleMonthLevel1 {
  const m15 = foldCandles(bars, '15m');
  const detector = new RegimeDetector();
  const adx = new WilderAdx(14);
  const first = regimeRetention(detector.config).firstVerdict15m;
  const stoppedBy: Record<string, number> = {};
  let judged = 0;
  let up = 0;
  let down = 0;
  let textbook = 0;
  let i = 0;
  for (const [k, c] of m15.entries()) {
    // The 1m bars of this 15m candle first (RSI, autocorrelation), then its close.
    while (i < bars.length && (bars[i] as Candle).openTime < c.openTime + 15 * 60_000) detector.update(bars[i++] as Candle);
    detector.update(c);
    adx.update(c);
    if (k + 1 < first) continue;
    judged += 1;
    const r = detector.evaluate();
    if (r.verdict === RegimeVerdict.Uptrend) up += 1;
    else if (r.verdict === RegimeVerdict.Downtrend) down += 1;
    else {
      const failed = r.checks.find((x) => !x.passed)?.name ?? 'unknown';
      stoppedBy[failed] = (stoppedBy[failed] ?? 0) + 1;
    }
    const [a, b] = [m15[k - 2], m15[k - 1]];
    const v = adx.value;
    if (a && b && v !== null && v > 25) {
      const hhhl = b.high > a.high && b.low > a.low && c.high > b.high && c.low > b.low;
      const lhll = b.high < a.high && b.low < a.low && c.high < b.high && c.low < b.low;
      if ((hhhl && adx.plusDi > adx.minusDi) || (lhll && adx.minusDi > adx.plusDi)) textbook += 1;
    }
  }
  return { file, bars1m: bars.length, closes15m: m15.length, judged, uptrend: up, downtrend: down, stoppedBy, textbook };
}

const pct = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)} %`);

export function candleMonthTable(rows: readonly CandleMonthLevel1[]): string {
  const head = '| bars | 15m closes judged | Level 1 passes (up / down) | stopped by (first failed check) | textbook trend test holds |\n|---|---|---|---|---|';
  const body = rows.map((r) => {
    const stops = Object.entries(r.stoppedBy).sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${pct(n, r.judged)}`).join(', ');
    return `| ${r.file} | ${r.judged.toLocaleString('en-US')} of ${r.closes15m.toLocaleString('en-US')} | ${pct(r.uptrend + r.downtrend, r.judged)} (${r.uptrend} / ${r.downtrend}) | ${stops} | ${pct(r.textbook, r.judged)} (${r.textbook}) |`;
  });
  return [head, ...body].join('\n');
}
