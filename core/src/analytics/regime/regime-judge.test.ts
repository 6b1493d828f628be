import { describe, expect, it } from 'vitest';
import type { StructureSnapshot } from './market-structure.js';
import { type RegimeConfigInput, RegimeConfigSchema, defaultRegimeConfig } from './regime-config.js';
import { type RegimeValues, type RegimeVerdict, judgeRegime, regimeReason } from './regime-judge.js';

const upStructure: StructureSnapshot = { direction: 'UP', higherHighs: true, higherLows: true, lowerHighs: false, lowerLows: false, deltaShare: 0.2 };
const downStructure: StructureSnapshot = { direction: 'DOWN', higherHighs: false, higherLows: false, lowerHighs: true, lowerLows: true, deltaShare: -0.2 };
const flatStructure: StructureSnapshot = { direction: 'NONE', higherHighs: true, higherLows: false, lowerHighs: false, lowerLows: true, deltaShare: 0 };

/** Numbers that pass every §2.3.1 condition for an uptrend. */
const trending: RegimeValues = {
  candles15m: 200,
  candles1m: 100,
  close15m: 100,
  adx: 30,
  plusDi: 30,
  minusDi: 10,
  atr: 0.2,
  atrPercent: 0.2,
  hurst: 0.6,
  meanReversionStrength: 0.3,
  meanReversionEpisodes: 4,
  meanReversionZ: 0.5,
  deltaShare15m: 0.2,
  rsi1m: 60,
  autocorr1m: 0.1,
};

function judge(v: Partial<RegimeValues>, s: StructureSnapshot | null = upStructure, previous: RegimeVerdict = 'RANGING', cfg: RegimeConfigInput = {}) {
  const j = judgeRegime({ ...trending, ...v }, s, RegimeConfigSchema.parse(cfg), previous);
  return { ...j, reason: regimeReason(j) };
}

describe('judgeRegime (§2.3.1 combined filter, hand cases)', () => {
  it('UPTREND when every condition passes, with every number in the reason', () => {
    expect(judge({}).reason).toBe(
      'UPTREND: higher highs and higher lows over the last 3 15m candles; ADX 30.00 > 25; +DI 30.00 > −DI 10.00; ' +
        'persistence (Hurst) 0.600 > 0.55; mean reversion 0.300 < 0.6 (4 episodes); ATR 0.200 % of price ≥ 0.1 %',
    );
  });

  it('DOWNTREND on lower highs/lows with −DI above +DI', () => {
    const j = judge({ plusDi: 10, minusDi: 30 }, downStructure);
    expect(j.verdict).toBe('DOWNTREND');
    expect(j.reason).toContain('lower highs and lower lows');
    expect(j.reason).toContain('+DI 10.00 < −DI 30.00');
  });

  it('RANGING at ADX 25 exactly (the document says > 25), naming only that condition', () => {
    expect(judge({ adx: 25 })).toMatchObject({ verdict: 'RANGING', reason: 'RANGING: ADX 25.00 ≤ 25' });
  });

  it('RANGING below 20 says so', () => {
    expect(judge({ adx: 19.5 }, upStructure, 'UPTREND').reason).toBe('RANGING: ADX 19.50 ≤ 25 (below 20: ranging)');
  });

  describe('ADX hysteresis between 20 and 25', () => {
    it('holds an uptrend of the previous candle while ADX ≥ 20', () => {
      const j = judge({ adx: 22 }, upStructure, 'UPTREND');
      expect(j.verdict).toBe('UPTREND');
      expect(j.reason).toContain('ADX 22.00 ≥ 20, holding the uptrend of the previous 15m candle');
    });

    it('does not start a trend there, nor hold one of the other direction, nor hold when turned off', () => {
      expect(judge({ adx: 22 }, upStructure, 'RANGING').reason).toBe('RANGING: ADX 22.00 ≤ 25');
      expect(judge({ adx: 22 }, upStructure, 'DOWNTREND').verdict).toBe('RANGING');
      expect(judge({ adx: 22 }, upStructure, 'UPTREND', { adx: { hysteresis: false } }).verdict).toBe('RANGING');
    });
  });

  it('RANGING when the DI point against the structure (a bounce inside a fall)', () => {
    expect(judge({ plusDi: 10, minusDi: 30 }).reason).toBe('RANGING: +DI 10.00 < −DI 30.00, against the higher highs/lows');
    expect(judge({ plusDi: 10, minusDi: 30 }, upStructure, 'RANGING', { adx: { requireDiAgreement: false } }).verdict).toBe('UPTREND');
  });

  it('RANGING at persistence 0.55, mean reversion 0.6 and ATR 0.05 %, each named', () => {
    expect(judge({ hurst: 0.55 }).reason).toBe('RANGING: persistence (Hurst) 0.550 ≤ 0.55');
    expect(judge({ meanReversionStrength: 0.6 }).reason).toBe('RANGING: mean reversion 0.600 ≥ 0.6 (4 episodes)');
    expect(judge({ atrPercent: 0.05 }).reason).toBe('RANGING: ATR 0.050 % of price < 0.1 %');
  });

  it('RANGING without structure, skipping the DI comparison, and lists every failure in order', () => {
    const j = judge({ adx: 18, hurst: 0.5 }, flatStructure);
    expect(j.reason).toBe(
      'RANGING: no higher highs/lows or lower highs/lows over the last 3 15m candles (HH yes, HL no, LH no, LL yes); ' +
        'ADX 18.00 ≤ 25 (below 20: ranging); persistence (Hurst) 0.500 ≤ 0.55',
    );
    expect(j.checks.map((c) => c.name)).toEqual(['structure', 'adx', 'persistence', 'meanReversion', 'atr']);
  });

  it('while warming up, says what each measure still needs', () => {
    const none: Partial<RegimeValues> = { candles15m: 2, close15m: 100, adx: null, plusDi: null, minusDi: null, atr: null, atrPercent: null, hurst: null, meanReversionStrength: null, meanReversionEpisodes: 0 };
    expect(judge(none, null).reason).toBe(
      'RANGING: structure needs 3 15m candles, have 2; ADX(14) needs 28 15m candles, have 2; ' +
        'persistence (Hurst over 100 closes) needs 100 15m candles, have 2; mean reversion needs 119 15m candles, have 2; ATR(14) needs 15 15m candles, have 2',
    );
    expect(judge({ hurst: null }).reason).toBe('RANGING: persistence (Hurst) undefined: the 15m returns did not vary');
  });

  it('checks the aggressor lean only when asked', () => {
    expect(judge({ deltaShare15m: -0.2 }).verdict).toBe('UPTREND');
    const j = judge({ deltaShare15m: -0.2 }, upStructure, 'RANGING', { volume: { required: true } });
    expect(j.reason).toBe('RANGING: aggressor lean -0.200 in the trend direction ≤ 0');
    expect(judge({ deltaShare15m: -0.2 }, downStructure, 'RANGING', { volume: { required: true } }).checks.at(-1)).toMatchObject({ name: 'volume', passed: true });
  });

  it('uses the default config when given it', () => {
    expect(judgeRegime(trending, upStructure, defaultRegimeConfig, 'RANGING').verdict).toBe('UPTREND');
  });
});
