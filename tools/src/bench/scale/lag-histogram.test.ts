import { describe, expect, it } from 'vitest';
import { lagBetween } from './lag-histogram.js';

describe('scale bench: consumer lag in a window from two cumulative histogram reads', () => {
  it('the window is the difference of the reads, percentiles by nearest rank, worked by hand', () => {
    // Before the window: 10 samples ≤ 5 ms and 1 of 900 ms (the start-up backlog), max 900.
    const before = { buckets: [[5, 10], [1000, 1]] as [number | null, number][], max: 900 };
    // After: 100 more — 60 ≤ 5 ms, 39 ≤ 20 ms, 1 ≤ 400 ms (max 900 was not beaten inside the window).
    const after = { buckets: [[5, 70], [20, 39], [400, 1], [1000, 1]] as [number | null, number][], max: 900 };
    // Window samples sorted: 60 in ≤5, 39 in ≤20, 1 in ≤400. p50 = rank 50 → ≤5; p99 = rank 99 → ≤20;
    // max: the highest bucket with a window sample, 400 (the 900 was before the window).
    expect(lagBetween(before, after)).toEqual({ count: 100, p50ms: 5, p99ms: 20, maxMs: 400 });
  });

  it('a new maximum inside the window is exact; an empty window has no lag; +∞ bucket reads as the max', () => {
    const before = { buckets: [[5, 10]] as [number | null, number][], max: 4 };
    expect(lagBetween(before, { buckets: [[5, 10], [null, 2]], max: 130_000 })).toEqual({ count: 2, p50ms: 130_000, p99ms: 130_000, maxMs: 130_000 });
    expect(lagBetween(before, before)).toEqual({ count: 0, p50ms: null, p99ms: null, maxMs: null });
  });
});
