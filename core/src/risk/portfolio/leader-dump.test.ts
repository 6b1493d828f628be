import { describe, expect, it } from 'vitest';
import { LeaderDumpMonitor } from './leader-dump.js';
import { RollingMax } from './rolling-max.js';

const T0 = Date.UTC(2024, 2, 1, 12, 0);
const MIN = 60_000;

describe('RollingMax', () => {
  it('keeps the window maximum and forgets samples at exactly now − window', () => {
    const m = new RollingMax(5 * MIN, 2);
    m.push(T0, 10);
    m.push(T0 + MIN, 12);
    m.push(T0 + 2 * MIN, 11);
    expect(m.max).toBe(12);
    m.push(T0 + 6 * MIN, 9); // T0+1min ≤ T0+6min − 5min: 12 leaves; 11 (T0+2) stays
    expect(m.max).toBe(11);
    m.push(T0 + 7 * MIN, 8);
    expect(m.max).toBe(9);
    expect(m.last).toBe(8);
    expect(m.dropFromMax).toBeCloseTo(1 / 9, 12);
  });

  it('grows past its initial capacity and ignores out-of-order samples', () => {
    const m = new RollingMax(1_000_000, 2);
    for (let i = 0; i < 100; i++) m.push(T0 + i, 100 - i);
    expect(m.max).toBe(100);
    m.push(T0 + 50, 1000);
    expect(m.max).toBe(100);
  });
});

describe('LeaderDumpMonitor (§2.2.5: BTC drops >1.5 % in 5 min)', () => {
  it('fires on the document example 50,000 → 49,250 within 5 min (1 − 49,250/50,000 = 1.5 %)', () => {
    const l = new LeaderDumpMonitor('BTC/USDT', 0.015, 5 * MIN);
    expect(l.onPrice(T0, 50_000)).toBe(false);
    expect(l.onPrice(T0 + 4 * MIN + 59_999, 49_250)).toBe(true);
    expect(l.drop).toBeCloseTo(0.015, 12);
    expect(l.begin()).toBe(true);
    expect(l.begin()).toBe(false); // one episode, one event
  });

  it('does not fire at 1.48 % (49,260) nor when the high is exactly 5 min old', () => {
    const a = new LeaderDumpMonitor('BTC/USDT', 0.015, 5 * MIN);
    a.onPrice(T0, 50_000);
    expect(a.onPrice(T0 + MIN, 49_260)).toBe(false);
    const b = new LeaderDumpMonitor('BTC/USDT', 0.015, 5 * MIN);
    b.onPrice(T0, 50_000);
    expect(b.onPrice(T0 + 5 * MIN, 49_250)).toBe(false);
  });

  it('re-arms once the drop no longer holds', () => {
    const l = new LeaderDumpMonitor('BTC/USDT', 0.015, 5 * MIN);
    l.onPrice(T0, 50_000);
    expect(l.onPrice(T0 + MIN, 49_000)).toBe(true);
    l.begin();
    l.tightened.add('p1');
    expect(l.onPrice(T0 + 2 * MIN, 49_900)).toBe(false); // 0.2 % below the high
    expect(l.dumpActive).toBe(false);
    expect(l.tightened.size).toBe(0);
    expect(l.onPrice(T0 + 3 * MIN, 49_000)).toBe(true);
    expect(l.begin()).toBe(true);
  });
});
