import { describe, expect, it } from 'vitest';
import { RollingPairCorrelation } from './rolling-pair-correlation.js';

/** Textbook two-pass Pearson, written out here as the independent reference. */
function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let c = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    c += dx * dy;
    vx += dx * dx;
    vy += dy * dy;
  }
  return c / Math.sqrt(vx * vy);
}

describe('RollingPairCorrelation', () => {
  it('matches a hand-computed Pearson r of a 4-point series', () => {
    // x = 1,2,3,4 (mean 2.5), y = 2,4,5,9 (mean 5)
    // dx = −1.5,−0.5,0.5,1.5; dy = −3,−1,0,4
    // Σdxdy = 4.5 + 0.5 + 0 + 6 = 11; Σdx² = 5; Σdy² = 9+1+0+16 = 26
    // r = 11 / √(5·26) = 11 / √130 = 11 / 11.40175425 = 0.96476382
    const c = new RollingPairCorrelation(10);
    [1, 2, 3, 4].forEach((x, i) => c.add(i, x, [2, 4, 5, 9][i] as number));
    expect(c.count).toBe(4);
    expect(c.correlation()).toBeCloseTo(0.96476382, 8);
  });

  it('evicts minutes that leave the window: minute 0 goes when minute 4 arrives in a 4-minute window', () => {
    // Minute 0 holds an outlier (x 9, y −50); after it leaves, the window is the series above: r = 0.96476382.
    const c = new RollingPairCorrelation(4);
    c.add(0, 9, -50);
    [1, 2, 3, 4].forEach((x, i) => c.add(i + 1, x, [2, 4, 5, 9][i] as number));
    expect(c.count).toBe(4);
    expect(c.correlation()).toBeCloseTo(0.96476382, 8);
  });

  it('aligns by minute, not arrival: a minute added late still pairs with its own minute', () => {
    const c = new RollingPairCorrelation(10);
    c.add(3, 4, 9);
    c.add(1, 2, 4);
    c.add(0, 1, 2);
    c.add(2, 3, 5);
    expect(c.correlation()).toBeCloseTo(0.96476382, 8);
  });

  it('a gap longer than the window empties it', () => {
    const c = new RollingPairCorrelation(4);
    [1, 2, 3, 4].forEach((x, i) => c.add(i, x, x));
    c.advanceTo(3 + 4);
    expect(c.count).toBe(0);
    expect(c.correlation()).toBeNull();
  });

  it('is −1 for y = −2x + 1 and null for a flat series or too few samples', () => {
    const c = new RollingPairCorrelation(10);
    [0.5, -1, 2, 3].forEach((x, i) => c.add(i, x, -2 * x + 1));
    expect(c.correlation()).toBeCloseTo(-1, 12);
    expect(c.correlation(5)).toBeNull();
    const flat = new RollingPairCorrelation(10);
    [1, 2, 3].forEach((x, i) => flat.add(i, x, 0.0001));
    expect(flat.correlation()).toBeNull();
  });

  it('stays within 1e-9 of an exact two-pass recomputation over 20,000 one-minute returns', () => {
    // Deterministic LCG returns of magnitude ~1e-3 with a common component (true r ≈ 0.8).
    let s = 12345;
    const rnd = (): number => {
      s = (1103515245 * s + 12345) % 2147483648;
      return s / 2147483648 - 0.5;
    };
    const W = 1440;
    const c = new RollingPairCorrelation(W);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let m = 0; m < 20_000; m++) {
      const common = rnd() * 0.002;
      const x = common + rnd() * 0.001 + 0.0001;
      const y = common + rnd() * 0.001 - 0.0002;
      // One minute in 50 missing from the pair (a quiet minute the other series had).
      if (m % 50 === 7) {
        c.advanceTo(m);
        continue;
      }
      c.add(m, x, y);
      xs[m] = x;
      ys[m] = y;
      if (m % 997 === 0 && m > W) {
        const wx: number[] = [];
        const wy: number[] = [];
        for (let k = m - W + 1; k <= m; k++) {
          if (xs[k] === undefined) continue;
          wx.push(xs[k] as number);
          wy.push(ys[k] as number);
        }
        expect(c.count).toBe(wx.length);
        expect(Math.abs((c.correlation() as number) - pearson(wx, wy))).toBeLessThan(1e-9);
      }
    }
  });
});
