import { describe, expect, it } from 'vitest';
import { MarketStructure } from './market-structure.js';

const k = (high: number, low: number, buyVolume = 1, sellVolume = 1) => ({ high, low, buyVolume, sellVolume, volume: buyVolume + sellVolume });

function feed(candles: ReturnType<typeof k>[], lookback = 3): MarketStructure {
  const s = new MarketStructure(lookback);
  for (const c of candles) s.update(c);
  return s;
}

describe('MarketStructure (§2.3.1, last 3 candles)', () => {
  it('needs 3 candles before it says anything', () => {
    expect(feed([k(10, 9), k(11, 10)]).snapshot()).toBeNull();
  });

  it('UP on higher highs and higher lows: 10→11→12 highs, 9→9.5→10 lows', () => {
    expect(feed([k(10, 9), k(11, 9.5), k(12, 10)]).snapshot()).toMatchObject({ direction: 'UP', higherHighs: true, higherLows: true, lowerHighs: false, lowerLows: false });
  });

  it('DOWN on lower highs and lower lows: 12→11→10 highs, 10→9→8 lows', () => {
    expect(feed([k(12, 10), k(11, 9), k(10, 8)]).snapshot()).toMatchObject({ direction: 'DOWN', lowerHighs: true, lowerLows: true });
  });

  it('NONE when one step fails: highs 10→11→12 but lows 9→9.5→9.5 (an equal low is not higher)', () => {
    expect(feed([k(10, 9), k(11, 9.5), k(12, 9.5)]).snapshot()).toMatchObject({ direction: 'NONE', higherHighs: true, higherLows: false });
  });

  it('NONE for an outside bar: highs rise, lows fall (expansion, no direction)', () => {
    expect(feed([k(10, 9), k(11, 8), k(12, 7)]).snapshot()).toMatchObject({ direction: 'NONE', higherHighs: true, lowerLows: true, higherLows: false, lowerHighs: false });
  });

  it('looks at the last 3 only: a fall then two rises is not yet UP, a third rise makes it UP', () => {
    // highs 12, 10, 11, 12: last three 10 → 11 → 12 rise; lows 11, 8, 9, 10: 8 → 9 → 10 rise
    const s = feed([k(12, 11), k(10, 8), k(11, 9)]);
    expect(s.snapshot()?.direction).toBe('NONE'); // 12 → 10 → 11 is not two rises
    s.update(k(12, 10));
    expect(s.snapshot()?.direction).toBe('UP');
  });

  it('with a lookback of 4 needs three consecutive rises', () => {
    expect(feed([k(10, 9), k(11, 10), k(12, 11)], 4).snapshot()).toBeNull();
    expect(feed([k(10, 9), k(11, 10), k(12, 11), k(13, 12)], 4).snapshot()?.direction).toBe('UP');
    expect(feed([k(10, 9), k(9, 8), k(11, 10), k(12, 11)], 4).snapshot()?.direction).toBe('NONE');
  });

  it('keeps the swing low the run rose from as the floor of the pullback after HH/HL, with the candles since', () => {
    // HH/HL over lows 9, 9.5, 10 → floor 9. Pullback: 11.5/9.8 (1), 11/9.6 (2): lows stay above 9.
    const s = feed([k(10, 9), k(11, 9.5), k(12, 10)]);
    expect(s.snapshot()).toMatchObject({ direction: 'UP', pullbackUp: null });
    s.update(k(11.5, 9.8));
    expect(s.snapshot()).toMatchObject({ direction: 'NONE', pullbackUp: { level: 9, candles: 1 }, pullbackDown: null });
    // 12 → 11.5 → 11 and 10 → 9.8 → 9.6: a 2-candle dip of lower highs and lows, still above the floor.
    s.update(k(11, 9.6));
    expect(s.snapshot()).toMatchObject({ direction: 'DOWN', pullbackUp: { level: 9, candles: 2 } });
    // A low at the floor ends it.
    s.update(k(10.5, 9));
    expect(s.snapshot()?.pullbackUp).toBeNull();
  });

  it('keeps the swing low the run rose from (Dow\'s last higher low), moves it up to a pullback\'s low once a new run forms, and mirrors for LH/LL', () => {
    // Lows 9, 9.5, 10, 10.5 rise without a pullback: the run rose from 9, so the floor stays 9
    // (the lowest of the last 3 candles, 9.5, would sit inside the impulse).
    const s = feed([k(10, 9), k(11, 9.5), k(12, 10), k(13, 10.5), k(12.5, 10.2)]);
    expect(s.snapshot()?.pullbackUp).toEqual({ level: 9, candles: 1 });
    // A new swing low 10.1 (the pullback candle), then two higher highs and lows: the floor moves up to 10.1.
    s.update(k(12.2, 10.1));
    s.update(k(13.5, 10.6));
    s.update(k(14, 11));
    expect(s.snapshot()).toMatchObject({ direction: 'UP', pullbackUp: null });
    s.update(k(13.8, 10.8));
    expect(s.snapshot()?.pullbackUp).toEqual({ level: 10.1, candles: 1 });
    const d = feed([k(12, 10), k(11, 9), k(10, 8), k(10.5, 8.5)]);
    expect(d.snapshot()).toMatchObject({ direction: 'NONE', pullbackDown: { level: 12, candles: 1 }, pullbackUp: null });
    d.update(k(12, 9));
    expect(d.snapshot()?.pullbackDown).toBeNull();
  });

  it('reports the aggressor balance over the same 3 candles: (3−1 + 2−2 + 5−0)/(4 + 4 + 5) = 7/13', () => {
    // The first candle (buy 100) has left the window.
    const s = feed([k(9, 8, 100, 0), k(10, 9, 3, 1), k(11, 10, 2, 2), k(12, 11, 5, 0)]);
    expect(s.snapshot()?.deltaShare).toBeCloseTo(7 / 13, 15);
    expect(feed([k(9, 8, 0, 0), k(10, 9, 0, 0), k(11, 10, 0, 0)]).snapshot()?.deltaShare).toBeNull();
  });
});
