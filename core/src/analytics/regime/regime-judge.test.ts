import { describe, expect, it } from 'vitest';
import type { StructureSnapshot } from './market-structure.js';
import { type RegimeConfigInput, RegimeConfigSchema, defaultRegimeConfig } from './regime-config.js';
import { type RegimeValues, type RegimeVerdict, judgeRegime, regimeReason } from './regime-judge.js';

const upStructure: StructureSnapshot = { direction: 'UP', higherHighs: true, higherLows: true, lowerHighs: false, lowerLows: false, deltaShare: 0.2, pullbackUp: null, pullbackDown: null };
const downStructure: StructureSnapshot = { direction: 'DOWN', higherHighs: false, higherLows: false, lowerHighs: true, lowerLows: true, deltaShare: -0.2, pullbackUp: null, pullbackDown: null };
const flatStructure: StructureSnapshot = { direction: 'NONE', higherHighs: true, higherLows: false, lowerHighs: false, lowerLows: true, deltaShare: 0, pullbackUp: null, pullbackDown: null };

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
  persistence: 0.6,
  persistenceMove: 0.02,
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
        'persistence 0.600 > 0.55; mean reversion 0.300 < 0.6 (4 episodes); ATR 0.200 % of price ≥ 0.1 %',
    );
  });

  it('DOWNTREND on lower highs/lows with −DI above +DI', () => {
    const j = judge({ plusDi: 10, minusDi: 30, persistenceMove: -0.02 }, downStructure);
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

  describe('pullback hold (structure.holdCandles, default 4)', () => {
    const pullingBack = (candles: number): StructureSnapshot => ({ ...flatStructure, pullbackUp: { level: 99.5, candles } });

    it('keeps the uptrend of the previous candle through a pullback holding above the run\'s swing low', () => {
      const j = judge({}, pullingBack(2), 'UPTREND');
      expect(j.verdict).toBe('UPTREND');
      expect(j.checks[0]).toMatchObject({
        name: 'structure',
        passed: true,
        detail: 'pullback of 2 15m candles (≤ 4) holding above its swing low 99.5 since the last 3 candles of higher highs and higher lows',
      });
    });

    it('holds for 4 candles, not 5; never starts a trend; never for the other side; 0 turns it off', () => {
      expect(judge({}, pullingBack(4), 'UPTREND').verdict).toBe('UPTREND');
      expect(judge({}, pullingBack(5), 'UPTREND').verdict).toBe('RANGING');
      expect(judge({}, pullingBack(1), 'RANGING').verdict).toBe('RANGING');
      expect(judge({}, pullingBack(1), 'DOWNTREND').verdict).toBe('RANGING');
      expect(judge({}, pullingBack(1), 'UPTREND', { structure: { holdCandles: 0 } }).verdict).toBe('RANGING');
    });

    it('rides a 2–3 candle dip that shows lower highs and lows, as long as it holds above the floor', () => {
      const dip: StructureSnapshot = { ...downStructure, pullbackUp: { level: 99.5, candles: 2 } };
      expect(judge({}, dip, 'UPTREND').verdict).toBe('UPTREND');
      expect(judge({}, { ...downStructure, pullbackUp: null }, 'UPTREND').verdict).toBe('RANGING');
    });

    it('mirrors for a downtrend, and still needs the DI to agree', () => {
      const s: StructureSnapshot = { ...flatStructure, pullbackDown: { level: 101, candles: 1 } };
      expect(judge({ plusDi: 10, minusDi: 30, persistenceMove: -0.02 }, s, 'DOWNTREND').verdict).toBe('DOWNTREND');
      expect(judge({ persistenceMove: -0.02 }, s, 'DOWNTREND').reason).toBe('RANGING: +DI 30.00 > −DI 10.00, against the lower highs/lows');
    });
  });

  it('RANGING when the DI point against the structure (a bounce inside a fall)', () => {
    expect(judge({ plusDi: 10, minusDi: 30 }).reason).toBe('RANGING: +DI 10.00 < −DI 30.00, against the higher highs/lows');
    expect(judge({ plusDi: 10, minusDi: 30 }, upStructure, 'RANGING', { adx: { requireDiAgreement: false } }).verdict).toBe('UPTREND');
  });

  it('RANGING at persistence 0.55, mean reversion 0.6 and ATR 0.05 %, each named', () => {
    expect(judge({ persistence: 0.55 }).reason).toBe('RANGING: persistence 0.550 ≤ 0.55');
    // e^−0.0202027 − 1 = −2.00 %: the window fell while the structure says up.
    expect(judge({ persistenceMove: -0.0202027 }).reason).toBe('RANGING: persistence 0.600 > 0.55, but the last 100 closes moved down 2.00 %, against the higher highs/lows');
    expect(judge({ plusDi: 10, minusDi: 30 }, downStructure).verdict).toBe('RANGING');
    expect(judge({ plusDi: 10, minusDi: 30, persistenceMove: -0.02 }, downStructure).verdict).toBe('DOWNTREND');
    expect(judge({ meanReversionStrength: 0.6 }).reason).toBe('RANGING: mean reversion 0.600 ≥ 0.6 (4 episodes)');
    expect(judge({ atrPercent: 0.05 }).reason).toBe('RANGING: ATR 0.050 % of price < 0.1 %');
  });

  it('RANGING without structure, skipping the DI comparison, and lists every failure in order', () => {
    const j = judge({ adx: 18, persistence: 0.5 }, flatStructure);
    expect(j.reason).toBe(
      'RANGING: no higher highs/lows or lower highs/lows over the last 3 15m candles (HH yes, HL no, LH no, LL yes); ' +
        'ADX 18.00 ≤ 25 (below 20: ranging); persistence 0.500 ≤ 0.55',
    );
    expect(j.checks.map((c) => c.name)).toEqual(['structure', 'adx', 'persistence', 'meanReversion', 'atr']);
  });

  it('while warming up, says what each measure still needs', () => {
    const none: Partial<RegimeValues> = { candles15m: 2, close15m: 100, adx: null, plusDi: null, minusDi: null, atr: null, atrPercent: null, persistence: null, meanReversionStrength: null, meanReversionEpisodes: 0 };
    expect(judge(none, null).reason).toBe(
      'RANGING: structure needs 3 15m candles, have 2; ADX(14) needs 28 15m candles, have 2; ' +
        'persistence (over 100 closes) needs 100 15m candles, have 2; mean reversion needs 119 15m candles, have 2; ATR(14) needs 15 15m candles, have 2',
    );
    expect(judge({ persistence: null }).reason).toBe('RANGING: persistence undefined: the 15m closes did not move');
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
