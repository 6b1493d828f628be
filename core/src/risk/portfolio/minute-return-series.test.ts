import { describe, expect, it } from 'vitest';
import { MinuteReturnSeries } from './minute-return-series.js';

function collect(s: MinuteReturnSeries, candles: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [m, c] of candles) s.push(m, c, (mm, r) => out.push([mm, r]));
  return out;
}

describe('MinuteReturnSeries', () => {
  it('emits 1m log returns: 100 → 110 → 99 gives ln 1.1 = 0.0953102 and ln 0.9 = −0.1053605', () => {
    const out = collect(new MinuteReturnSeries(1440, 15), [
      [0, 100],
      [1, 110],
      [2, 99],
    ]);
    expect(out.map(([m]) => m)).toEqual([1, 2]);
    expect(out[0]?.[1]).toBeCloseTo(0.0953101798, 9);
    expect(out[1]?.[1]).toBeCloseTo(-0.1053605157, 9);
  });

  it('fills quiet minutes with zero returns: 100 at m0, nothing at m1–m2, 121 at m3 ⇒ 0, 0, ln 1.21 = 0.1906204', () => {
    const s = new MinuteReturnSeries(1440, 2);
    const out = collect(s, [
      [0, 100],
      [3, 121],
    ]);
    expect(out.map(([m]) => m)).toEqual([1, 2, 3]);
    expect(out[0]?.[1]).toBe(0);
    expect(out[1]?.[1]).toBe(0);
    expect(out[2]?.[1]).toBeCloseTo(0.1906203596, 9);
    expect(s.returnAt(2)).toBe(0);
    expect(s.returnAt(0)).toBeUndefined();
  });

  it('treats a gap longer than maxFill as an outage: no return across it, the series restarts', () => {
    const s = new MinuteReturnSeries(1440, 2);
    // Gap of 4 missing minutes (m1–m4) > maxFill 2.
    const out = collect(s, [
      [0, 100],
      [5, 121],
      [6, 133.1],
    ]);
    expect(out.map(([m]) => m)).toEqual([6]);
    expect(out[0]?.[1]).toBeCloseTo(Math.log(1.1), 12);
  });

  it('ignores repeated or older candles and non-positive closes', () => {
    const s = new MinuteReturnSeries(1440, 15);
    const out = collect(s, [
      [10, 100],
      [10, 200],
      [9, 50],
      [11, 0],
      [11, 101],
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]?.[1]).toBeCloseTo(Math.log(1.01), 12);
  });

  it('forgets minutes older than its window', () => {
    const s = new MinuteReturnSeries(3, 15);
    collect(s, [
      [0, 100],
      [1, 101],
      [2, 102],
      [3, 103],
      [4, 104],
    ]);
    expect(s.returnAt(1)).toBeUndefined();
    expect(s.returnAt(2)).toBeCloseTo(Math.log(102 / 101), 12);
    expect(s.returnAt(4)).toBeCloseTo(Math.log(104 / 103), 12);
  });
});
