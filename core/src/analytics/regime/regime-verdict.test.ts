import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../faults/random.js';
import type { StructureDirection, StructurePullback, StructureSnapshot } from './market-structure.js';
import { type RegimeConfig, RegimeConfigSchema, defaultRegimeConfig } from './regime-config.js';
import { type RegimeValues, type RegimeVerdict, judgeRegime } from './regime-judge.js';
import { judgeRegimeVerdict } from './regime-verdict.js';
import { RegimeDetector } from './regime-detector.js';

/** The repo's seeded generator (Park–Miller), so the stream (and any failure) is the same on every run. */
const rng = (seed: number): (() => number) => {
  const r = new SeededRandom(seed);
  return () => r.next();
};

const DIRS: readonly StructureDirection[] = ['UP', 'DOWN', 'NONE'];
const VERDICTS: readonly RegimeVerdict[] = ['UPTREND', 'DOWNTREND', 'RANGING'];

/** Random inputs around every threshold (null, equal to it, either side), so each branch of the judge is hit. */
function randomCase(r: () => number): { v: RegimeValues; s: StructureSnapshot | null; cfg: RegimeConfig; previous: RegimeVerdict } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const maybe = (x: number): number | null => (r() < 0.1 ? null : x);
  const near = (t: number, spread: number): number => pick([t, t - spread * r(), t + spread * r()]);
  const pullback = (): StructurePullback | null => (r() < 0.4 ? null : { level: 100 * r(), candles: Math.floor(r() * 7) });
  const s: StructureSnapshot | null =
    r() < 0.1 ? null : { direction: pick(DIRS), higherHighs: r() < 0.5, higherLows: r() < 0.5, lowerHighs: r() < 0.5, lowerLows: r() < 0.5, deltaShare: r() < 0.1 ? null : near(0, 0.5), pullbackUp: pullback(), pullbackDown: pullback() };
  const cfg = RegimeConfigSchema.parse({
    adx: { hysteresis: r() < 0.7, requireDiAgreement: r() < 0.7 },
    volume: { required: r() < 0.5, minDeltaShare: pick([0, 0.1]) },
  });
  const plusDi = near(20, 10);
  const v: RegimeValues = {
    candles15m: Math.floor(r() * 200),
    candles1m: 0,
    close15m: 100,
    adx: maybe(pick([near(25, 5), near(20, 5)])),
    plusDi: maybe(plusDi),
    minusDi: maybe(pick([plusDi, near(20, 10)])),
    atr: 0.1,
    atrPercent: maybe(near(0.1, 0.1)),
    persistence: maybe(near(0.55, 0.1)),
    persistenceMove: r() < 0.1 ? null : pick([0, near(0, 0.02)]),
    meanReversionStrength: maybe(near(0.6, 0.2)),
    meanReversionEpisodes: 3,
    meanReversionZ: null,
    deltaShare15m: s?.deltaShare ?? null,
    rsi1m: null,
    autocorr1m: null,
  };
  return { v, s, cfg, previous: pick(VERDICTS) };
}

describe('judgeRegimeVerdict: judgeRegime without the texts', () => {
  it('gives the verdict and failed checks judgeRegime gives, over 20 000 random inputs', () => {
    const r = rng(20261207);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const { v, s, cfg, previous } = randomCase(r);
      const full = judgeRegime(v, s, cfg, previous);
      const fast = judgeRegimeVerdict(v, s, cfg, previous);
      const failed = full.checks.filter((k) => !k.passed).map((k) => k.name);
      expect({ verdict: fast.verdict, failed: fast.failed }).toEqual({ verdict: full.verdict, failed });
      seen.add(`${full.verdict}:${failed.join(',')}`);
    }
    // The inputs reach both trends and many failure combinations, not just one branch.
    expect([...seen].filter((k) => k.startsWith('UPTREND')).length).toBeGreaterThan(0);
    expect([...seen].filter((k) => k.startsWith('DOWNTREND')).length).toBeGreaterThan(0);
    expect(seen.size).toBeGreaterThan(40);
  });
});

describe('RegimeDetector: checks built on read', () => {
  it('reports the checks and reason judgeRegime gives on the last 15m candle, read every candle or now and then', () => {
    const r = rng(7);
    const eager = new RegimeDetector(defaultRegimeConfig);
    const lazy = new RegimeDetector(defaultRegimeConfig);
    let close = 100;
    const kinds = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const open = close;
      // A drift that flips every 60 candles, so trends and ranges both come up.
      close = open * (1 + (r() - (Math.floor(i / 60) % 2 === 0 ? 0.42 : 0.58)) * 0.01);
      const c = { timeframe: '15m' as const, openTime: i * 900_000, closeTime: (i + 1) * 900_000 - 1, open, high: Math.max(open, close) * 1.001, low: Math.min(open, close) * 0.999, close, volume: 10, buyVolume: 6, sellVolume: 4, trades: 5, buyTrades: 3, sellTrades: 2 };
      const previous = eager.currentVerdict;
      eager.update(c);
      lazy.update(c);
      const got = eager.evaluate();
      const expected = judgeRegime(got.values, got.structure, eager.config, previous);
      expect(got.verdict).toBe(expected.verdict);
      expect(got.checks).toEqual(expected.checks);
      expect(got.checks.filter((k) => !k.passed).map((k) => k.name)).toEqual([...eager.failedChecks]);
      kinds.add(got.verdict);
      // The lazy one is read only every 7th candle: texts built late must still be the last candle's.
      if (i % 7 === 0) expect(lazy.evaluate()).toEqual(got);
    }
    expect(kinds.size).toBeGreaterThan(1);
  });
});
