import { describe, expect, it } from 'vitest';
import { TrailingStop } from './trailing-stop.js';

describe('TrailingStop (§2.5 worked example)', () => {
  it('follows the document: entry 50,000, 0.5 % trail → 50,500 ⇒ 50,247.50; 51,000 ⇒ 50,745; 50,745 exits', () => {
    const s = new TrailingStop('long', 50_000, 0.005);
    expect(s.stop).toBeCloseTo(49_750, 9);
    expect(s.update(50_500)).toBe(false);
    expect(s.stop).toBeCloseTo(50_247.5, 9);
    expect(s.update(51_000)).toBe(false);
    expect(s.stop).toBeCloseTo(50_745, 9);
    expect(s.update(50_800)).toBe(false);
    expect(s.stop).toBeCloseTo(50_745, 9); // never loosens
    expect(s.update(50_745)).toBe(true);
  });

  it('exits at −0.5 % when price falls straight away (document: 49,750)', () => {
    const s = new TrailingStop('long', 50_000, 0.005);
    expect(s.update(49_800)).toBe(false);
    expect(s.update(49_750)).toBe(true);
  });

  it('mirrors for shorts: stop above, moving down only', () => {
    const s = new TrailingStop('short', 100, 0.01);
    expect(s.stop).toBeCloseTo(101, 12);
    expect(s.update(95)).toBe(false);
    expect(s.stop).toBeCloseTo(95.95, 12);
    expect(s.update(95.5)).toBe(false);
    expect(s.stop).toBeCloseTo(95.95, 12);
    expect(s.update(95.95)).toBe(true);
  });
});
