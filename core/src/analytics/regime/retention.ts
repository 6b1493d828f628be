import type { Timeframe } from '../candle.js';
import { type RegimeConfig, defaultRegimeConfig } from './regime-config.js';
import { wilderSettleCandles } from './true-range.js';

/** One measure's need for closed candles of one timeframe. */
export interface RegimeLookback {
  readonly measure: string;
  readonly timeframe: Timeframe;
  readonly candles: number;
  readonly why: string;
}

/** Every lookback of the regime detector, derived from the config (defaults in the comments). */
export function regimeLookbacks(cfg: RegimeConfig = defaultRegimeConfig): RegimeLookback[] {
  const adxP = cfg.adx.period;
  const atrP = cfg.atr.period;
  const rsiP = cfg.rsi1m.period;
  const mr = cfg.meanReversion;
  return [
    // 2·14 = 28; + 63 = 91
    { measure: 'adx', timeframe: '15m', candles: 2 * adxP, why: `first ADX(${adxP}): ${adxP} DX values, each after ${adxP} true ranges, which need a previous close` },
    { measure: 'adx-settled', timeframe: '15m', candles: 2 * adxP + wilderSettleCandles(adxP, cfg.settleWeight), why: `ADX seed weight below ${cfg.settleWeight}` },
    // 14 + 1 = 15; + 63 = 78
    { measure: 'atr', timeframe: '15m', candles: atrP + 1, why: `first ATR(${atrP}): ${atrP} true ranges after a first close` },
    { measure: 'atr-settled', timeframe: '15m', candles: atrP + 1 + wilderSettleCandles(atrP, cfg.settleWeight), why: `ATR seed weight below ${cfg.settleWeight}` },
    // 3
    { measure: 'structure', timeframe: '15m', candles: cfg.structure.candles, why: 'higher highs/lows over the last candles' },
    // 100
    { measure: 'persistence', timeframe: '15m', candles: cfg.persistence.window, why: `directional persistence over ${cfg.persistence.window} closes` },
    // 20 + 100 − 1 = 119
    { measure: 'mean-reversion', timeframe: '15m', candles: mr.lookback + mr.window - 1, why: `z over ${mr.lookback} closes for each of the last ${mr.window} candles` },
    // 14 + 1 = 15; + 63 = 78
    { measure: 'rsi', timeframe: '1m', candles: rsiP + 1, why: `first RSI(${rsiP}): ${rsiP} changes after a first close` },
    { measure: 'rsi-settled', timeframe: '1m', candles: rsiP + 1 + wilderSettleCandles(rsiP, cfg.settleWeight), why: `RSI seed weight below ${cfg.settleWeight}` },
    // 10
    { measure: 'autocorrelation', timeframe: '1m', candles: cfg.autocorr1m.candles, why: `lag-1 autocorrelation of returns between ${cfg.autocorr1m.candles} closes` },
  ];
}

/**
 * Closed candles per timeframe the regime detector needs retained (and fetched with `fetchOHLCV` at
 * start): the largest lookback of each. Defaults: 15m 119 (mean reversion), 1m 78 (settled RSI),
 * 5m 0 (unused here). `firstVerdict` is the 15m candles before every Level 1 input exists.
 */
export function regimeRetention(cfg: RegimeConfig = defaultRegimeConfig): Readonly<Record<Timeframe, number>> & { readonly firstVerdict15m: number } {
  const all = regimeLookbacks(cfg);
  const max = (tf: Timeframe, settled: boolean): number =>
    all.filter((l) => l.timeframe === tf && (settled || !l.measure.endsWith('-settled'))).reduce((m, l) => Math.max(m, l.candles), 0);
  return { '1m': max('1m', true), '5m': 0, '15m': max('15m', true), firstVerdict15m: max('15m', false) };
}

/** `regimeRetention` at the default config: { '1m': 78, '5m': 0, '15m': 119, firstVerdict15m: 119 }. */
export const REGIME_RETENTION = regimeRetention();
