import { describe, expect, it } from 'vitest';
import { HurstPlan, RollingHurst, anisLloydExpectedRs, hurstExponent } from './hurst.js';

/** mulberry32: a seeded PRNG, so the "random" series are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
function normal(r: () => number): number {
  let u = 0;
  while (u === 0) u = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

function series(n: number, seed: number, next: (r: () => number, prev: number) => number): number[] {
  const r = prng(seed);
  const out: number[] = [];
  let prev = 0;
  for (let i = 0; i < n; i++) out.push((prev = next(r, prev)));
  return out;
}

const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
const sd = (a: readonly number[]): number => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));

/** H of 200 seeded series of 99 returns (a 100-candle window), none undefined. */
function hs(next: (r: () => number, prev: number) => number): number[] {
  const out: number[] = [];
  for (let seed = 1; seed <= 200; seed++) {
    const h = hurstExponent(series(99, seed, next));
    if (h === null) throw new Error(`undefined H for seed ${seed}`);
    out.push(h);
  }
  return out;
}

describe('anisLloydExpectedRs', () => {
  it('matches the closed form at small n (hand values)', () => {
    // n = 2: Γ(1/2)/(√π·Γ(1)) · √(1/1) = 1
    expect(anisLloydExpectedRs(2)).toBeCloseTo(1, 14);
    // n = 3: Γ(1)/(√π·Γ(3/2)) = 2/π; Σ √2 + √(1/2) = 1.5√2 → 3√2/π = 1.350474
    expect(anisLloydExpectedRs(3)).toBeCloseTo((3 * Math.SQRT2) / Math.PI, 14);
    // n = 8: Γ(7/2)/(√π·Γ(4)) = (15/8)/6 = 0.3125; Σ_{i=1..7} √((8−i)/i) = 2.645751 + 1.732051 + 1.290994
    //   + 1 + 0.774597 + 0.577350 + 0.377964 = 8.398708 → 2.624596
    expect(anisLloydExpectedRs(8)).toBeCloseTo(2.624596, 6);
  });

  it('approaches √(nπ/2) from below for large n (Feller)', () => {
    const n = 100;
    const e = anisLloydExpectedRs(n);
    expect(e).toBeLessThan(Math.sqrt((n * Math.PI) / 2));
    expect(e).toBeGreaterThan(0.9 * Math.sqrt((n * Math.PI) / 2));
  });
});

describe('HurstPlan', () => {
  it('uses chunk sizes ⌊99/k⌋ down to 8 for a 100-candle window', () => {
    // 99, 49, 33, 24, 19, 16, 14, 12, 11, 9 (k = 10 and 11 both give 9), 8 (k = 12)
    expect(new HurstPlan(99).sizes).toEqual([99, 49, 33, 24, 19, 16, 14, 12, 11, 9, 8]);
    expect(new HurstPlan(99).chunks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
    expect(() => new HurstPlan(15)).toThrow(/at least 2 chunk sizes/);
  });
});

describe('hurstExponent (R/S-AL)', () => {
  it('works a 16-return case by hand: H = 1.5 − log2(E16/E8) = 0.879337', () => {
    // returns: [1,1,1,1,−1,−1,−1,−1] then [1,−1,1,−1,1,−1,1,−1]; sizes 16 and 8.
    //   n = 8, chunk 1: mean 0, Y = 1,2,3,4,3,2,1,0 → R 4, S 1 → R/S 4
    //          chunk 2: mean 0, Y = 1,0,1,0,… → R 1, S 1 → R/S 1      → mean ln = (ln 4 + 0)/2 = ln 2
    //   n = 16: mean 0, Y = 1,2,3,4,3,2,1,0,1,0,… → R 4, S 1 → ln 4
    //   E8 = 2.624596 (above), E16 = Γ(15/2)/(√π·Γ(8)) · Σ_{i=1..15} √((16−i)/i)
    //        = (135135/128)/5040 · 19.265191 = 0.2094727 · 19.265191 = 4.035531
    //   slope = [(ln 4 − ln E16) − (ln 2 − ln E8)] / (ln 16 − ln 8) = 1 − log2(4.035531/2.624596)
    //         = 1 − log2(1.537582) = 1 − 0.620663 = 0.379337 → H = 0.879337
    const x = [1, 1, 1, 1, -1, -1, -1, -1, 1, -1, 1, -1, 1, -1, 1, -1];
    expect(hurstExponent(x)).toBeCloseTo(0.879337, 6);
  });

  it('≈ 0.5 for i.i.d. returns: mean of 200 seeded 99-return series within 0.5 ± 0.02, spread ≈ 0.085', () => {
    // R/S-AL is nearly unbiased here (simulation: mean 0.496); the spread is what 99 returns allow —
    // one window of a random walk lands above 0.55 about a quarter of the time.
    const h = hs((r) => normal(r));
    expect(Math.abs(mean(h) - 0.5)).toBeLessThan(0.02);
    expect(sd(h)).toBeGreaterThan(0.06);
    expect(sd(h)).toBeLessThan(0.11);
  });

  it('> 0.5 for persistent returns (AR(1), φ = 0.8): mean > 0.7, and ≥ 195 of 200 series above 0.55', () => {
    const h = hs((r, prev) => 0.8 * prev + normal(r));
    expect(mean(h)).toBeGreaterThan(0.7);
    expect(h.filter((v) => v > 0.55).length).toBeGreaterThanOrEqual(195);
  });

  it('< 0.5 for anti-persistent returns: an alternating ±1 series with 10 % noise stays below 0.3', () => {
    const h = hs((r, prev) => (prev > 0 ? -1 : 1) + 0.1 * normal(r));
    expect(Math.max(...h)).toBeLessThan(0.3);
  });

  it('is blind to drift: a constant 0.1 added to i.i.d. returns changes nothing', () => {
    const base = series(99, 42, (r) => normal(r));
    expect(hurstExponent(base.map((v) => v + 0.1))).toBeCloseTo(hurstExponent(base) as number, 9);
  });

  it('is null when returns do not vary (flat or perfectly steady prices)', () => {
    expect(hurstExponent(new Array(99).fill(0))).toBeNull();
    expect(hurstExponent(new Array(99).fill(0.01))).toBeNull();
  });
});

describe('RollingHurst', () => {
  it('is null until the window is full, then equals H of the last window − 1 log returns', () => {
    const closes = [100];
    const r = prng(9);
    for (let i = 1; i < 160; i++) closes.push((closes[i - 1] as number) * Math.exp(0.01 * normal(r)));
    const h = new RollingHurst(60);
    closes.forEach((c, i) => {
      const v = h.updateClose(c);
      if (i < 59) expect(v).toBeNull();
      else {
        // 60 closes i−59 … i → 59 returns
        const rets: number[] = [];
        for (let j = i - 58; j <= i; j++) rets.push(Math.log((closes[j] as number) / (closes[j - 1] as number)));
        expect(v).toBeCloseTo(hurstExponent(rets) as number, 12);
      }
    });
  });

  it('accepts the document\'s 50–100 candle windows and refuses windows too small to fit two chunk sizes', () => {
    expect(() => new RollingHurst(50)).not.toThrow();
    expect(() => new RollingHurst(100)).not.toThrow();
    expect(() => new RollingHurst(16)).toThrow(/window/);
  });
});
