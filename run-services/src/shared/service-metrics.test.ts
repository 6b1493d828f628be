import { describe, expect, it } from 'vitest';
import { LogHistogram, PublishToFill, RateWindow, SampleWindow } from './service-metrics.js';

describe('service metrics (issue 12 item 5)', () => {
  it('rate: 120 events spread over the last 60 s read 2/s; events older than 60 s drop out', () => {
    const r = new RateWindow();
    for (let s = 0; s < 60; s++) r.add(1_000_000 + s * 1_000, 2);
    expect(r.perSecond(1_059_500)).toBe(2);
    // 30 s later the first 30 seconds (60 events) have left the window.
    expect(r.perSecond(1_089_500)).toBe(1);
  });

  it('percentiles by nearest rank, worked by hand: 1..100 → p50 = 50, p99 = 99; the window keeps the last N', () => {
    const w = new SampleWindow(100);
    for (let i = 100; i >= 1; i--) w.add(i);
    expect(w.summary()).toEqual({ count: 100, p50: 50, p99: 99 });
    // 100 more samples of 1000 push every earlier one out.
    for (let i = 0; i < 100; i++) w.add(1_000);
    expect(w.summary()).toEqual({ count: 200, p50: 1_000, p99: 1_000 });
    expect(new SampleWindow().summary()).toEqual({ count: 0, p50: null, p99: null });
  });

  it('publish → fill: the time from a setup leaving analytics to its entry fill seen on trading.events', () => {
    const f = new PublishToFill(2);
    f.setupPublished('a', 1_000);
    f.setupPublished('b', 2_000);
    f.filled('a', 1_450);
    f.filled('a', 9_999); // a redelivered fill counts once
    f.filled('zzz', 3_000); // a fill of a setup published before this process started
    f.setupPublished('c', 3_000);
    f.setupPublished('d', 3_100); // at most 2 pending: the oldest ('b') is forgotten
    f.filled('b', 4_000);
    f.filled('d', 3_300);
    expect(f.latency.summary()).toEqual({ count: 2, p50: 200, p99: 450 });
  });

  it('lag histogram: buckets 1 ms × 1.1^k (rounded to 0.01), a sample counts in the first bucket ≥ it, cumulative', () => {
    const b = LogHistogram.bounds;
    // By hand: 1, 1.1, 1.21, 1.331 → 1.33; the last bound ≤ 120 000 ms (1.1^122 ≈ 112 000).
    expect(b.slice(0, 4)).toEqual([1, 1.1, 1.21, 1.33]);
    expect(b.at(-1)).toBeLessThanOrEqual(120_000);
    expect(b.at(-1)).toBeGreaterThan(120_000 / 1.1);
    const h = new LogHistogram();
    h.add(0.5); // ≤ 1
    h.add(1); // ≤ 1 (a bound is inclusive)
    h.add(1.2); // ≤ 1.21
    h.add(10 ** 9); // above every bound: +∞ (null)
    h.add(Number.NaN); // ignored
    expect(h.snapshot()).toEqual({ buckets: [[1, 2], [1.21, 1], [null, 1]], max: 10 ** 9 });
  });
});
