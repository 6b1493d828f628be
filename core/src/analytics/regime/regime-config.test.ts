import { describe, expect, it } from 'vitest';
import { RegimeConfigSchema, defaultRegimeConfig } from './regime-config.js';

describe('RegimeConfigSchema', () => {
  it('defaults to the design document’s numbers (§2.3.1, §2.2.2)', () => {
    expect(defaultRegimeConfig).toEqual({
      adx: { period: 14, trendMin: 25, rangeMax: 20, hysteresis: true, requireDiAgreement: true },
      atr: { period: 14, minPercent: 0.1 },
      structure: { candles: 3, holdCandles: 4 },
      persistence: { window: 100, min: 0.55 },
      meanReversion: { lookback: 20, entrySigma: 2, exitSigma: 1, maxWait: 10, window: 100, max: 0.6 },
      volume: { required: false, minDeltaShare: 0 },
      rsi1m: { period: 14 },
      autocorr1m: { candles: 10 },
      settleWeight: 0.01,
    });
  });

  it('overrides a subset and keeps the rest', () => {
    const c = RegimeConfigSchema.parse({ adx: { trendMin: 30 }, persistence: { window: 50 } });
    expect(c.adx).toMatchObject({ period: 14, trendMin: 30, rangeMax: 20 });
    expect(c.persistence).toEqual({ window: 50, min: 0.55 });
  });

  it('rejects unknown keys, a persistence window outside 50–100 and inverted bands', () => {
    expect(() => RegimeConfigSchema.parse({ adx: { treshold: 25 } })).toThrow();
    expect(() => RegimeConfigSchema.parse({ persistence: { window: 40 } })).toThrow();
    expect(() => RegimeConfigSchema.parse({ persistence: { window: 101 } })).toThrow();
    expect(() => RegimeConfigSchema.parse({ adx: { rangeMax: 30 } })).toThrow(/rangeMax/);
    expect(() => RegimeConfigSchema.parse({ meanReversion: { exitSigma: 2 } })).toThrow(/entrySigma/);
  });
});
