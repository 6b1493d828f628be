import { describe, expect, it } from 'vitest';
import { minMaxDownsample, strideIndices } from './downsample.js';

describe('minMaxDownsample', () => {
  it('returns short series whole', () => {
    expect(minMaxDownsample(3, (i) => i, (i) => i * 10, 0, 2, 10)).toEqual({ xs: [0, 1, 2], ys: [0, 10, 20] });
  });

  it('keeps first, lowest, highest and last of each bucket, in order, at most 4 per bucket', () => {
    // 1,000 points over 10 buckets of 100; a spike of +50 at i = 333 and a dip of −50 at i = 777 must survive.
    const y = (i: number): number => (i === 333 ? 50 : i === 777 ? -50 : Math.sin(i / 7));
    const d = minMaxDownsample(1000, (i) => i, y, 0, 1000, 10);
    expect(d.xs.length).toBeLessThanOrEqual(40);
    expect(d.xs).toContain(333);
    expect(d.xs).toContain(777);
    expect(Math.max(...d.ys)).toBe(50);
    expect(Math.min(...d.ys)).toBe(-50);
    expect(d.xs[0]).toBe(0);
    expect(d.xs.at(-1)).toBe(999);
    expect([...d.xs].sort((a, b) => a - b)).toEqual(d.xs);
  });
});

describe('strideIndices', () => {
  it('keeps every k-th index, k = ⌈n / max⌉', () => {
    expect(strideIndices(10, 4)).toEqual([0, 3, 6, 9]);
    expect(strideIndices(3, 300)).toEqual([0, 1, 2]);
    expect(strideIndices(0, 300)).toEqual([]);
  });
});
