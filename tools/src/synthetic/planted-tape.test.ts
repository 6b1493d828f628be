import { describe, expect, it } from 'vitest';
import { SymbolAnalytics, defaultStrategyConfig, scoreSetup, type MarketSpec } from '@cascade/core';
import { PLANTED_CYCLE_CANDLES, plantedTape } from './planted-tape.js';

const market: MarketSpec = { exchange: 'planted', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };
const M15 = 900_000;
const start = Date.UTC(2024, 0, 1);

function run(side: 'long' | 'short', cycles: number) {
  const a = new SymbolAnalytics(market, defaultStrategyConfig);
  const setups = plantedTape({ cycles, side }).map((t) => a.onTrade(t).setup).filter((s) => s !== null);
  return { a, setups };
}

describe('planted tape: all four levels pass once per cycle under the default config', () => {
  const { a, setups } = run('long', 4);

  it('one long setup per cycle, in candle S (the one after the rejection candle), minute 10', () => {
    expect(setups).toHaveLength(4);
    setups.forEach((s, i) => {
      expect(s.side).toBe('long');
      // 130 warm-up candles, then cycles of 8: candle S of cycle i opens at 130 + 8i + 1.
      const sOpen = start + (130 + PLANTED_CYCLE_CANDLES * i + 1) * M15;
      expect(s.trigger.ts).toBeGreaterThanOrEqual(sOpen + 10 * 60_000 + 10_000);
      expect(s.trigger.ts).toBeLessThan(sOpen + 11 * 60_000);
    });
  });

  it('passes level 1 as an uptrend, level 2 at the fresh demand zone of candle R, levels 3 and 4', () => {
    for (const s of setups) {
      expect(s.levels.map((l) => l.level)).toEqual(['level1_regime', 'level2_zone', 'level3_cascade', 'level4_bounce']);
      expect(s.context.regime?.verdict).toBe('UPTREND');
      expect(s.context.regime?.adx).toBeGreaterThan(25);
      expect(s.context.regime?.persistence).toBeGreaterThan(0.55);
      expect(s.context.zone?.kind).toBe('demand');
      // The zone is [R.low, R.open]; the trigger is a buy above it (Level 4: moving away).
      expect(s.trigger.price).toBeGreaterThan(s.context.zone!.high);
      const f = s.flow;
      expect(f.w1m.ratio! > 2 && f.w1m.ratio! > f.w5m.ratio! && f.w5m.ratio! > f.w15m.ratio!).toBe(true);
      expect(s.context.bounce!.rejection).toBeGreaterThan(0.7);
      expect(s.context.bounce!.volumeSpike).toBeGreaterThan(1.5);
    }
  });

  it('counts every stop in the funnel: most trades stop at the zone or the cascade, four pass the bounce', () => {
    const f = a.funnel;
    expect(f.map((r) => r.level)).toEqual(['level1_regime', 'level2_zone', 'level3_cascade', 'level4_bounce']);
    for (const r of f) expect(r.evaluated).toBe(r.passed + r.stoppedHere);
    for (let i = 1; i < f.length; i++) expect(f[i]!.evaluated).toBe(f[i - 1]!.passed);
    expect(f[3]!.passed).toBe(4);
    // Before 119 closed 15m candles the regime cannot decide: those trades all stop at level 1.
    expect(f[0]!.stoppedHere).toBeGreaterThan(0);
  });

  it('scores each setup ≥ 3: profile + autocorrelation + the fresh demand zone', () => {
    for (const s of setups) {
      const d = scoreSetup(s, defaultStrategyConfig);
      expect(d.decision).toBe('trade');
      expect(d.score).toBeGreaterThanOrEqual(3);
      // The touch being traded is the zone's first retest: untested before it → fresh, the full 2.0 (§2.2.2 #6).
      expect(d.explanation.find((e) => e.name === 'demand_zone')?.points).toBe(2);
    }
  });

  it('mirrors into a downtrend for shorts: supply zones, DOWNTREND, one short per cycle', () => {
    const short = run('short', 3).setups;
    expect(short).toHaveLength(3);
    for (const s of short) {
      expect(s.side).toBe('short');
      expect(s.context.regime?.verdict).toBe('DOWNTREND');
      expect(s.context.zone?.kind).toBe('supply');
    }
  });
});
