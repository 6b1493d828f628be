import { describe, expect, it } from 'vitest';
import { RegimeConfigSchema } from './regime-config.js';
import { REGIME_RETENTION, regimeLookbacks, regimeRetention } from './retention.js';

describe('regime retention', () => {
  it('derives the default retention from the lookbacks', () => {
    // 15m: ADX first 2·14 = 28, settled 28 + 63 = 91; ATR 15, settled 78; structure 3; persistence 100;
    //      mean reversion 20 + 100 − 1 = 119  → 119
    // 1m:  RSI first 15, settled 15 + 63 = 78; autocorrelation 10 → 78
    expect(REGIME_RETENTION).toEqual({ '1m': 78, '5m': 0, '15m': 119, firstVerdict15m: 119 });
    expect(Object.fromEntries(regimeLookbacks().map((l) => [l.measure, l.candles]))).toEqual({
      adx: 28,
      'adx-settled': 91,
      atr: 15,
      'atr-settled': 78,
      structure: 3,
      persistence: 100,
      'mean-reversion': 119,
      rsi: 15,
      'rsi-settled': 78,
      autocorrelation: 10,
    });
  });

  it('follows the config: a 50-candle persistence window and a 10-candle mean-reversion window leave ADX settling as the longest', () => {
    // mean reversion 20 + 10 − 1 = 29, persistence 50, ADX settled 91 → 91; first verdict max(28, 15, 3, 50, 29) = 50
    const cfg = RegimeConfigSchema.parse({ persistence: { window: 50 }, meanReversion: { window: 10 } });
    expect(regimeRetention(cfg)).toEqual({ '1m': 78, '5m': 0, '15m': 91, firstVerdict15m: 50 });
  });
});
