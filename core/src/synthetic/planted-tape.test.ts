import { describe, expect, it } from 'vitest';
import { SymbolAnalytics } from '../analytics/symbol-analytics.js';
import { defaultStrategyConfig } from '../config/strategy-config.js';
import { scoreSetup } from '../decision/score-setup.js';
import type { MarketSpec } from '../model/market.js';
import { plantedTape } from './planted-tape.js';

const market: MarketSpec = { exchange: 'planted', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 1, amountPrecision: 2, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };

describe('planted tape through the analytics and the scorer', () => {
  const tape = plantedTape({ cycles: 4 });
  const a = new SymbolAnalytics(market, defaultStrategyConfig);
  const setups = tape.map((t) => a.onTrade(t).setup).filter((s) => s !== null);

  it('detects exactly one long setup per cycle, on the first aggressive buy at 100.0 (:20 of the cycle’s last minute)', () => {
    expect(setups).toHaveLength(4);
    const start = Date.UTC(2024, 0, 1);
    setups.forEach((s, i) => {
      expect(s.side).toBe('long');
      expect(s.trigger.price).toBe(100);
      expect(s.trigger.ts).toBe(start + ((i + 1) * 17 - 1) * 60_000 + 20_000);
    });
  });

  it('measures the cascade the tape was built to show', () => {
    const f = setups[0]!.flow;
    // 30 s = (prev :50, :20]: smalls at :51 sell, :54 buy, :57 sell, :59 buy (0.01 each) + the buy of 10.
    // buy 10.02, sell 0.02 → ratio 501 over 5 trades: the ≥ 5-trade minimum is met on this very trade.
    expect(f.w30s.buyVolume).toBeCloseTo(10.02, 9);
    expect(f.w30s.sellVolume).toBeCloseTo(0.02, 9);
    expect(f.w30s.trades).toBe(5);
    // 15 m = (1:20, 16:20]: large sells of minutes 2–15, Σ(60 − 2k) for k = 2..15 = 840 − 238 = 602;
    // small sells of 0.01: 7 in minute 1 after :20 (:21 … :57 odd steps) + 10 × 14 minutes = 147 → 1.47.
    expect(f.w15m.sellVolume).toBeCloseTo(603.47, 9);
    expect(f.w1m.ratio! > f.w5m.ratio! && f.w5m.ratio! > f.w15m.ratio!).toBe(true);
  });

  it('scores 4.0 by hand: value-area low 1.5 + ≥ 2σ below the mean 1.5 + |r| = 1 > 0.6 → 1.0', () => {
    for (const s of setups) {
      expect(s.context.autocorr1m).toBeCloseTo(-1, 9);
      expect(s.context.profile?.valueAreaLow).toBe(100);
      const d = scoreSetup({ ...s, market, triggerPublishedAt: 0, levels: [...s.levels] }, defaultStrategyConfig);
      expect(d.decision).toBe('trade');
      expect(d.score).toBe(4);
    }
  });
});
