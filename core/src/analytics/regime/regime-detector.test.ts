import { describe, expect, it } from 'vitest';
import { type Candle, type Timeframe, timeframeMs } from '../candle.js';
import { RollingPersistence } from './directional-persistence.js';
import { MeanReversionStrength, defaultMeanReversionOptions } from './mean-reversion.js';
import { RegimeDetector } from './regime-detector.js';
import { REGIME_RETENTION } from './retention.js';
import { RollingReturnAutocorrelation } from './return-autocorrelation.js';
import { warmUp } from './warm-up.js';
import { WilderAdx } from './wilder-adx.js';
import { WilderAtr } from './wilder-atr.js';
import { WilderRsi } from './wilder-rsi.js';

/** Seeded LCG in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * Candles from a log-return process r_t = φ·r_{t−1} + drift + noise·(u − 0.5): open = previous close,
 * wicks of a quarter of the noise beyond the body, buy share leaning with the move.
 */
function candles(tf: Timeframe, n: number, opts: { seed: number; phi: number; drift: number; noise: number; start?: number }): Candle[] {
  const rnd = lcg(opts.seed);
  const out: Candle[] = [];
  let close = opts.start ?? 100;
  let r = 0;
  for (let i = 0; i < n; i++) {
    r = opts.phi * r + opts.drift + opts.noise * (rnd() - 0.5);
    const open = close;
    close = open * Math.exp(r);
    const wick = open * opts.noise * 0.25 * rnd();
    const volume = 10 + 10 * rnd();
    const buyVolume = volume * (r > 0 ? 0.6 : 0.4);
    out.push({
      timeframe: tf,
      openTime: i * timeframeMs[tf],
      open,
      high: Math.max(open, close) + wick,
      low: Math.min(open, close) - wick,
      close,
      volume,
      buyVolume,
      sellVolume: volume - buyVolume,
      trades: 10,
      buyTrades: 5,
      sellTrades: 5,
    });
  }
  return out;
}

const climb = { phi: 0.5, drift: 0.0015, noise: 0.004 };
const chop = { phi: -0.6, drift: 0, noise: 0.004 };

describe('RegimeDetector', () => {
  it('starts RANGING and says what it is waiting for', () => {
    const r = new RegimeDetector().evaluate();
    expect(r.verdict).toBe('RANGING');
    expect(r.reason).toBe(
      'RANGING: structure needs 3 15m candles, have 0; ADX(14) needs 28 15m candles, have 0; ' +
        'persistence (over 100 closes) needs 100 15m candles, have 0; mean reversion needs 119 15m candles, have 0; ATR(14) needs 15 15m candles, have 0',
    );
    expect(r.decidedOn15m).toBeNull();
    expect(r.values.adx).toBeNull();
  });

  it('ignores 5m candles and candles that do not open after the last of their timeframe', () => {
    const d = new RegimeDetector();
    const [a, b] = candles('15m', 2, { seed: 1, ...climb });
    const [m] = candles('5m', 1, { seed: 1, ...climb });
    expect(d.update(a as Candle)).toBe(true);
    expect(d.update(b as Candle)).toBe(true);
    expect(d.update(a as Candle)).toBe(false);
    expect(d.update(b as Candle)).toBe(false);
    expect(d.update(m as Candle)).toBe(false);
    expect(d.ignored).toBe(3);
    expect(d.evaluate().values.candles15m).toBe(2);
  });

  it('feeds 15m candles to ADX/ATR/structure/persistence/mean reversion and 1m candles to RSI/autocorrelation', () => {
    const c15 = candles('15m', 250, { seed: 3, ...climb });
    const c1 = candles('1m', 120, { seed: 4, phi: 0.2, drift: 0, noise: 0.002 });
    const d = new RegimeDetector().warmUp({ '15m': c15, '1m': c1 });
    const v = d.evaluate().values;
    const adx = warmUp(new WilderAdx(14), c15);
    expect(v.adx).toBe(adx.value);
    expect(v.plusDi).toBe(adx.plusDi);
    expect(v.minusDi).toBe(adx.minusDi);
    const atr = warmUp(new WilderAtr(14), c15).value as number;
    expect(v.atr).toBe(atr);
    expect(v.atrPercent).toBeCloseTo((atr / (c15.at(-1) as Candle).close) * 100, 12);
    expect(v.persistence).toBe(warmUp(new RollingPersistence(100), c15).value);
    expect(v.meanReversionStrength).toBe(warmUp(new MeanReversionStrength(defaultMeanReversionOptions), c15).value);
    expect(v.rsi1m).toBe(warmUp(new WilderRsi(14), c1).value);
    expect(v.autocorr1m).toBe(warmUp(new RollingReturnAutocorrelation(10), c1).value);
    expect([v.candles15m, v.candles1m, v.close15m]).toEqual([250, 120, (c15.at(-1) as Candle).close]);
    expect(d.evaluate().decidedOn15m).toBe(249 * 900_000);
  });

  it('has every Level 1 number after exactly REGIME_RETENTION.firstVerdict15m (119) 15m candles', () => {
    const c15 = candles('15m', 119, { seed: 5, ...climb });
    const d = new RegimeDetector().warmUp({ '15m': c15.slice(0, 118) });
    expect(d.evaluate().values.meanReversionStrength).toBeNull();
    d.update(c15[118] as Candle);
    const v = d.evaluate().values;
    expect(REGIME_RETENTION.firstVerdict15m).toBe(119);
    expect([v.adx, v.plusDi, v.minusDi, v.atr, v.persistence, v.meanReversionStrength].every((x) => x !== null)).toBe(true);
    expect(d.evaluate().reason).not.toContain('needs');
  });

  it('calls a persistent climb UPTREND (and never DOWNTREND), with the numbers in the reason', () => {
    const d = new RegimeDetector();
    const verdicts: string[] = [];
    let at200 = '';
    for (const c of candles('15m', 400, { seed: 11, ...climb })) {
      d.update(c);
      const r = d.evaluate();
      if (r.values.candles15m >= 119) verdicts.push(r.verdict);
      if (r.values.candles15m === 200) at200 = r.reason;
    }
    expect(verdicts.filter((v) => v === 'UPTREND').length).toBeGreaterThan(verdicts.length / 2);
    expect(verdicts).not.toContain('DOWNTREND');
    expect(at200).toMatch(
      /^UPTREND: higher highs and higher lows over the last 3 15m candles; ADX \d+\.\d\d > 25; \+DI \d+\.\d\d > −DI \d+\.\d\d; persistence 0\.\d{3} > 0\.55; mean reversion 0\.\d{3} < 0\.6 \(\d+ episodes\); ATR 0\.\d{3} % of price ≥ 0\.1 %$/,
    );
  });

  it('calls the mirror-image fall DOWNTREND (and never UPTREND)', () => {
    const d = new RegimeDetector();
    const verdicts: string[] = [];
    for (const c of candles('15m', 400, { seed: 11, ...climb, drift: -climb.drift })) {
      d.update(c);
      if (d.evaluate().values.candles15m >= 119) verdicts.push(d.evaluate().verdict);
    }
    expect(verdicts.filter((v) => v === 'DOWNTREND').length).toBeGreaterThan(verdicts.length / 2);
    expect(verdicts).not.toContain('UPTREND');
  });

  it('keeps anti-persistent chop RANGING on every candle, blaming persistence', () => {
    const d = new RegimeDetector();
    for (const c of candles('15m', 400, { seed: 21, ...chop })) {
      d.update(c);
      const r = d.evaluate();
      expect(r.verdict).toBe('RANGING');
      if (r.values.candles15m >= 119) {
        expect(r.checks.find((k) => k.name === 'persistence')?.passed).toBe(false);
        expect(r.reason).toMatch(/persistence 0\.\d{3} ≤ 0\.55/);
      }
    }
  });
});
