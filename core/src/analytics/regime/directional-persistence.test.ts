import { describe, expect, it } from 'vitest';
import { ar1Returns, closesFromReturns, randomWalkReturns, stairStepReturns } from '../../../../test/support/regime-series.js';
import { PERSISTENCE_LAGS, RollingPersistence, persistenceFromLogCloses, persistenceOfCloses } from './directional-persistence.js';

const SEEDS = 200;
/** The reading of one 100-close window (99 returns) for each of 200 seeds. */
function readings(returns: (seed: number) => number[]): number[] {
  return Array.from({ length: SEEDS }, (_, i) => {
    const p = persistenceOfCloses(closesFromReturns(returns(i + 1)));
    if (p === null) throw new Error(`no reading for seed ${i + 1}`);
    return p;
  });
}
const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
const share = (a: readonly number[], ok: (v: number) => boolean): number => a.filter(ok).length / a.length;

describe('persistenceFromLogCloses (hand cases)', () => {
  it('reads exactly 1 on a steady climb: every k-candle move is k steps, M(k) = k²·r², slope 2', () => {
    const x = Array.from({ length: 16 }, (_, t) => 0.001 * t);
    expect(persistenceFromLogCloses(x)).toBeCloseTo(1, 12);
  });

  it('works a 16-close drift-with-zigzag case by hand: 0.640467', () => {
    // x_t = t + 2·(t mod 2): one-candle moves are +3 (8 of them, t odd) and −1 (7, t even), so
    //   M(1) = (8·9 + 7·1)/15 = 79/15; even lags cancel the zigzag: M(2) = 4, M(4) = 16, M(8) = 64.
    // ln M = 1.661398, 1.386294, 2.772589, 4.158883 at ln k = j·ln 2 (j = 0…3); the least-squares slope
    //   on equally spaced points is Σ(j − 1.5)·y_j / (5·ln 2)
    //   = (−1.5·1.661398 − 0.5·1.386294 + 0.5·2.772589 + 1.5·4.158883) / 3.465736 = 4.439375 / 3.465736
    //   = 1.280934 → persistence = 0.640467.
    const x = Array.from({ length: 16 }, (_, t) => t + 2 * (t % 2));
    expect(persistenceFromLogCloses(x)).toBeCloseTo(0.640467, 5);
  });

  it('keeps the drift: adding a constant to every return raises the reading (R/S Hurst did not move)', () => {
    const r = randomWalkReturns(99, { seed: 7 });
    const base = persistenceOfCloses(closesFromReturns(r)) as number;
    const drifted = persistenceOfCloses(closesFromReturns(r.map((v) => v + 0.0025))) as number;
    expect(drifted).toBeGreaterThan(base + 0.1);
  });

  it('is direction-blind and scale-free: the mirrored path and a rescaled price read the same', () => {
    const closes = closesFromReturns(randomWalkReturns(99, { seed: 8, driftSigmas: 0.3 }));
    const p = persistenceOfCloses(closes) as number;
    expect(persistenceOfCloses(closes.map((c) => 1e4 / c))).toBeCloseTo(p, 10);
    expect(persistenceOfCloses(closes.map((c) => c * 37))).toBeCloseTo(p, 10);
  });

  it('is null when prices do not move, and when fewer than 8 moves of 8 candles fit', () => {
    expect(persistenceOfCloses(new Array(100).fill(50))).toBeNull();
    expect(persistenceFromLogCloses(Array.from({ length: 15 }, (_, t) => t))).toBeNull();
    expect(persistenceFromLogCloses(Array.from({ length: 16 }, (_, t) => t))).not.toBeNull();
  });
});

/**
 * Calibration (issue 10 item 1) on 200 seeded 100-close windows of 15m closes, σ = 0.25 % per candle.
 * Expected values come from the closed form M(k) = k²μ² + σ²·(k + 2·Σ_{j<k}(k − j)ρ_j) at k = 1, 2, 4, 8,
 * persistence = Σ(j − 1.5)·ln M(2^j) / (10·ln 2):
 *  (a) random walk: M(k) = kσ² → 0.5 exactly.
 *  (b) drift d = 0.5σ: M ∝ k + k²/4 = 1.25, 3, 8, 24 → (−1.5·0.2231 − 0.5·1.0986 + 0.5·2.0794 + 1.5·3.1781)/6.9315 = 0.710.
 *  (c) AR(1) φ = −0.3: M(k)/σ_r² = k·(1 + φ)/(1 − φ) − 2φ(1 − φ^k)/(1 − φ)² = 1, 1.4, 2.506, 4.663 → 0.375.
 *  (d) stair-step (impulses of 3–6 candles of σ(1 + 0.5z), pullbacks of 1–3 candles giving back 30–40 %):
 *      per candle μ ≈ 0.45σ and σ_eff ≈ 0.94σ (cycle of 6.5 candles gaining 0.65·4.5σ), i.e. a drift of
 *      d ≈ 0.48 → 0.70 by (b)'s formula, less what the pullbacks' negative autocorrelation takes off: above
 *      0.55 but below a pure drift.
 * The spread of one window is set by 99 returns: the lag-1 autocorrelation alone has σ ≈ 1/√99 = 0.10,
 * which moves the reading by ≈ 0.07 (1 σ). So a random walk cannot land inside 0.45–0.55 on 90 % of its
 * windows under any estimator that also sees φ = −0.3 (that needs σ ≤ 0.03): for (a) the mean is held to
 * the band and single windows to ±2σ; (b)–(d) hold on single windows as the issue asks, at the rates the
 * normal law gives from the expected value and σ ≈ 0.075 (0.06 with drift, 0.025 on the stair).
 * A small negative bias (≈ −0.01: E[ln M̂] < ln E[M̂], most at k = 8 with ~12 independent moves) is inside
 * every margin. The old R/S Hurst fails (d): it reads ≈ 0.23 on the same stair.
 */
describe('directional persistence calibration (200 seeds, 100 closes each)', () => {
  it('(a) a driftless random walk reads 0.5: mean within 0.45–0.55, ≥ 90 % of windows within 0.5 ± 0.15', () => {
    const p = readings((seed) => randomWalkReturns(99, { seed }));
    expect(mean(p)).toBeGreaterThan(0.47);
    expect(mean(p)).toBeLessThan(0.53);
    expect(share(p, (v) => Math.abs(v - 0.5) <= 0.15)).toBeGreaterThanOrEqual(0.9);
    // Φ(0.05/0.075) = 0.75 of windows stay at or below the trend threshold on persistence alone.
    expect(share(p, (v) => v <= 0.55)).toBeGreaterThanOrEqual(0.65);
  });

  it('(b) a random walk drifting 0.5 σ per candle reads > 0.6: mean > 0.65, ≥ 90 % of windows > 0.6', () => {
    const p = readings((seed) => randomWalkReturns(99, { seed, driftSigmas: 0.5 }));
    expect(mean(p)).toBeGreaterThan(0.65);
    expect(share(p, (v) => v > 0.6)).toBeGreaterThanOrEqual(0.9);
  });

  it('(b) drifting down reads the same as drifting up (persistence has no sign; DI and structure give it)', () => {
    const up = readings((seed) => randomWalkReturns(99, { seed, driftSigmas: 0.5 }));
    const down = readings((seed) => randomWalkReturns(99, { seed, driftSigmas: -0.5 }));
    expect(Math.abs(mean(up) - mean(down))).toBeLessThan(0.02);
  });

  it('(c) AR(1) returns with φ = −0.3 read < 0.45: mean < 0.42, ≥ 75 % of windows < 0.45, ≥ 97 % ≤ 0.55', () => {
    // Φ((0.45 − 0.375)/0.075) = Φ(1.0) = 0.84; Φ((0.55 − 0.375)/0.075) = Φ(2.3) = 0.99.
    const p = readings((seed) => ar1Returns(99, { seed, phi: -0.3 }));
    expect(mean(p)).toBeLessThan(0.42);
    expect(share(p, (v) => v < 0.45)).toBeGreaterThanOrEqual(0.75);
    expect(share(p, (v) => v <= 0.55)).toBeGreaterThanOrEqual(0.97);
  });

  it('(d) a stair-step trend with 30–40 % pullbacks reads > 0.55: mean > 0.58, ≥ 90 % of windows > 0.55', () => {
    const p = readings((seed) => stairStepReturns(99, { seed }));
    expect(mean(p)).toBeGreaterThan(0.58);
    expect(share(p, (v) => v > 0.55)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('persistenceFromLogCloses over the default lags (one pass for the four sums)', () => {
  it('equals, to the bit, the loop per lag (the same lags passed as another array) at any offset and length', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const x = closesFromReturns(randomWalkReturns(130, { seed, driftSigmas: (seed % 5) * 0.1 })).map((c) => Math.log(c));
      for (const [count, offset] of [[100, 0], [100, 30], [16, 7], [17, 0], [130, 0]] as const) {
        expect(persistenceFromLogCloses(x, count, offset)).toBe(persistenceFromLogCloses(x, count, offset, [...PERSISTENCE_LAGS]));
      }
    }
    // Flat prices: both null.
    const flat = new Array(40).fill(Math.log(50));
    expect(persistenceFromLogCloses(flat)).toBeNull();
    expect(persistenceFromLogCloses(flat, 40, 0, [1, 2, 4, 8])).toBeNull();
  });
});

describe('RollingPersistence', () => {
  it('is null until the window is full, then equals the one-off reading of the last `window` closes', () => {
    const closes = closesFromReturns(randomWalkReturns(160, { seed: 9, driftSigmas: 0.2 }));
    const r = new RollingPersistence(60);
    closes.forEach((c, i) => {
      const v = r.updateClose(c);
      if (i < 59) expect(v).toBeNull();
      else expect(v).toBeCloseTo(persistenceOfCloses(closes.slice(i - 59, i + 1)) as number, 12);
    });
    expect(r.candles).toBe(closes.length);
  });

  it('equals, to the bit, the reading of the last `window` ln closes laid out in order (its in-place ring reads the same values in the same order)', () => {
    const closes = closesFromReturns(randomWalkReturns(400, { seed: 21, driftSigmas: 0.1 }));
    const r = new RollingPersistence(100);
    closes.forEach((c, i) => {
      const v = r.updateClose(c);
      if (i < 99) return;
      const x = closes.slice(i - 99, i + 1).map((k) => Math.log(k));
      expect(v).toBe(persistenceFromLogCloses(x));
      expect(r.move).toBe((x[99] as number) - (x[0] as number));
    });
  });

  it("accepts the document's 50–100 candle windows and refuses one too short for 8 moves of 8 candles", () => {
    expect(() => new RollingPersistence(50)).not.toThrow();
    expect(() => new RollingPersistence(100)).not.toThrow();
    expect(() => new RollingPersistence(15)).toThrow(/window/);
    expect(() => new RollingPersistence(100, [1, 1, 2])).toThrow(/lags/);
  });
});
