import { describe, expect, it } from 'vitest';
import { RollingSum } from './rolling-sum.js';

describe('RollingSum', () => {
  it('counts values in (now − window, now]: a value exactly one window old has left', () => {
    const s = new RollingSum(1_000);
    s.add(0, 5);
    s.add(500, 3);
    expect(s.totalAt(999)).toBe(8);
    // At 1000 the value added at 0 is exactly 1000 ms old: out. 3 remains.
    expect(s.totalAt(1_000)).toBe(3);
    s.add(1_500, 2);
    // Cutoff 500: the value at 500 goes too.
    expect(s.totalAt(1_500)).toBe(2);
  });

  it('keeps its sum while the ring grows past its initial capacity', () => {
    const s = new RollingSum(100, 2);
    // 10 values, 1..10, all inside one window: 55.
    for (let i = 1; i <= 10; i++) s.add(i, i);
    expect(s.totalAt(10)).toBe(55);
    // At 105 the cutoff is 5: values 6..10 remain, 40.
    expect(s.totalAt(105)).toBe(40);
  });

  it('is exactly zero once everything has left', () => {
    const s = new RollingSum(10);
    s.add(0, 7);
    expect(s.totalAt(100)).toBe(0);
  });
});
