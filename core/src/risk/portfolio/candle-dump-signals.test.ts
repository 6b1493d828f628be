import { describe, expect, it } from 'vitest';
import type { Candle } from '../../analytics/candle.js';
import { candleDumpSignals } from './candle-dump-signals.js';
import { CandleHistory } from './candle-history.js';
import type { PriceZones } from './dump-signal.js';
import { DumpDetectionConfigSchema } from './portfolio-risk-config.js';
import type { PositionSide } from './risk-position.js';

const cfg = DumpDetectionConfigSchema.parse({});
const T0 = Date.UTC(2024, 2, 1, 12, 0);

interface C {
  o?: number;
  h?: number;
  l?: number;
  c?: number;
  buy?: number;
  sell?: number;
}
/** A neutral candle: 100 flat, range 99.9–100.1, 5 bought + 5 sold, 10 trades. */
function k(i: number, x: C = {}): Candle {
  const buy = x.buy ?? 5;
  const sell = x.sell ?? 5;
  return { timeframe: '1m', openTime: T0 + i * 60_000, open: x.o ?? 100, high: x.h ?? 100.1, low: x.l ?? 99.9, close: x.c ?? 100, volume: buy + sell, buyVolume: buy, sellVolume: sell, trades: 10, buyTrades: 5, sellTrades: 5 };
}
function history(neutral: number, tail: C[]): CandleHistory {
  const h = new CandleHistory(40);
  let i = 0;
  for (; i < neutral; i++) h.push(k(i));
  for (const x of tail) h.push(k(i++, x));
  return h;
}
const rules = (h: CandleHistory, side: PositionSide = 'long', zones?: PriceZones) => candleDumpSignals(h, side, cfg, zones).map((f) => f.rule);

describe('candleDumpSignals (§2.2.5 dump detection, candle rules)', () => {
  it('neutral history fires nothing, long or short', () => {
    expect(rules(history(30, []))).toEqual([]);
    expect(rules(history(30, []), 'short')).toEqual([]);
  });

  it('1. volume reversal: sell > 1.5× buy on 3 consecutive candles (8/2 = 4 each)', () => {
    const h = history(20, [{ buy: 2, sell: 8 }, { buy: 2, sell: 8 }, { buy: 2, sell: 8 }]);
    const f = candleDumpSignals(h, 'long', cfg).find((x) => x.rule === 'sell_dominant_candles');
    expect(f?.signal).toBe('volume_reversal');
    expect(f?.severity).toBe('critical');
    expect(f?.values.weakestRatio).toBe(4);
    // Mirrored: the same candles are buy-weak for a short, nothing against it.
    expect(rules(h, 'short')).not.toContain('sell_dominant_candles');
  });

  it('1. …but not when one of the three is exactly 1.5× (6/4 is not > 1.5)', () => {
    expect(rules(history(20, [{ buy: 2, sell: 8 }, { buy: 4, sell: 6 }, { buy: 2, sell: 8 }]))).not.toContain('sell_dominant_candles');
  });

  it('1. volume spike: 30 ≥ 3 × the 20-candle mean 10 with a 0.4 % drop (> 0.3 %)', () => {
    const f = candleDumpSignals(history(20, [{ o: 100, c: 99.6, l: 99.5, buy: 15, sell: 15 }]), 'long', cfg).find((x) => x.rule === 'volume_spike_drop');
    expect(f?.values.multiple).toBe(3);
    expect(f?.values.adverseMovePct).toBeCloseTo(0.004, 12);
    // 29 < 30, or a 0.3 % drop (not > 0.3 %): no spike rule.
    expect(rules(history(20, [{ o: 100, c: 99.6, l: 99.5, buy: 14, sell: 15 }]))).not.toContain('volume_spike_drop');
    expect(rules(history(20, [{ o: 100, c: 99.7, l: 99.5, buy: 15, sell: 15 }]))).not.toContain('volume_spike_drop');
    // A short sees a 0.4 % rise as the adverse move.
    expect(rules(history(20, [{ o: 100, c: 100.4, h: 100.5, buy: 15, sell: 15 }]), 'short')).toContain('volume_spike_drop');
  });

  it('2. cascade reversal: buy/sell 1m 0.25 < 5m 0.5625 < 15m 0.829 and 1m < 0.5', () => {
    // 10 neutral (5/5), 4 at 4/6, latest 2/8.
    // r1 = 2/8 = 0.25; r5 = (2 + 4·4)/(8 + 4·6) = 18/32 = 0.5625; r15 = (18 + 50)/(32 + 50) = 68/82 = 0.8293
    const tail = [{ buy: 4, sell: 6 }, { buy: 4, sell: 6 }, { buy: 4, sell: 6 }, { buy: 4, sell: 6 }, { buy: 2, sell: 8 }];
    const f = candleDumpSignals(history(10, tail), 'long', cfg).find((x) => x.rule === 'cascade_reversal');
    expect(f?.signal).toBe('order_flow_flip');
    expect(f?.values.ratio1m).toBeCloseTo(0.25, 12);
    expect(f?.values.ratio5m).toBeCloseTo(0.5625, 12);
    expect(f?.values.ratio15m).toBeCloseTo(68 / 82, 12);
    // Latest 4/8: r1 = 0.5 is not < 0.5.
    const tail2 = [...tail.slice(0, 4), { buy: 4, sell: 8 }];
    expect(rules(history(10, tail2))).not.toContain('cascade_reversal');
  });

  it('4. momentum: three candles each with a lower high and a lower low', () => {
    const three = [
      { h: 100.05, l: 99.85, c: 99.95 },
      { h: 100.0, l: 99.8, c: 99.9 },
      { h: 99.95, l: 99.75, c: 99.85 },
    ];
    const f = candleDumpSignals(history(20, three), 'long', cfg).find((x) => x.rule === 'lower_highs_lows');
    expect(f?.values.count).toBe(3);
    expect(rules(history(20, three.slice(0, 2)))).not.toContain('lower_highs_lows');
  });

  it('4. swing-low break: close 99.8 under the 15-candle low 99.9 on 15 ≥ 1.5 × 10', () => {
    expect(rules(history(16, [{ c: 99.8, l: 99.75, buy: 7, sell: 8 }]))).toContain('swing_low_break');
    // Volume 14 < 15: no.
    expect(rules(history(16, [{ c: 99.8, l: 99.75, buy: 6, sell: 8 }]))).not.toContain('swing_low_break');
  });

  it('4. support zone broken with volume: previous close 100 ≥ 99.95 > latest close 99.94', () => {
    const h = history(16, [{ c: 99.94, buy: 7, sell: 8 }]);
    expect(rules(h, 'long', { support: 99.95 })).toContain('support_break');
    expect(rules(h, 'long')).not.toContain('support_break');
  });

  it('5. rejection wick: high 100.7 through the 100.1 high, close 100.05, wick 0.65/100.05 = 0.650 % > 0.5 %', () => {
    const f = candleDumpSignals(history(16, [{ o: 100, h: 100.7, c: 100.05 }]), 'long', cfg).find((x) => x.rule === 'rejection_wick');
    expect(f?.values.level).toBe(100.1);
    expect(f?.values.wickPct).toBeCloseTo(0.65 / 100.05, 12);
    // High 100.5: wick 0.45/100.05 = 0.450 %: no.
    expect(rules(history(16, [{ o: 100, h: 100.5, c: 100.05 }]))).not.toContain('rejection_wick');
    // Against a supply zone at 100.6 (touched: 100.7 ≥ 100.6 × 0.999).
    expect(rules(history(16, [{ o: 100, h: 100.7, c: 100.05 }]), 'long', { resistance: 100.6 })).toContain('rejection_wick');
  });

  it('5. three failed attempts at resistance 101, and declining volume on two', () => {
    // Attempt = high ≥ 101 × 0.999 = 100.899 and close ≤ 101 × 0.998 = 100.798 (retreated 0.2 %).
    const at = (v: number) => ({ o: 100.4, h: 101, c: 100.5, buy: v / 2, sell: v / 2 });
    const threeEqual = history(10, [at(10), {}, {}, at(10), {}, {}, at(10)]);
    expect(rules(threeEqual, 'long', { resistance: 101 })).toContain('failed_attempts');
    expect(rules(threeEqual, 'long', { resistance: 101 })).not.toContain('declining_bounces');
    const twoDeclining = history(10, [at(20), {}, {}, at(10)]);
    const r = rules(twoDeclining, 'long', { resistance: 101 });
    expect(r).toContain('declining_bounces');
    expect(r).not.toContain('failed_attempts');
    // A close 0.099 % under the level (100.9) is a stall, not a failed attempt.
    const stall = { o: 100.4, h: 101, c: 100.9, buy: 5, sell: 5 };
    expect(rules(history(10, [at(30), {}, at(20), {}, stall]), 'long', { resistance: 101 })).toEqual([]);
    // The latest candle must be an attempt itself.
    expect(rules(history(10, [at(20), {}, {}, at(10), {}]), 'long', { resistance: 101 })).toEqual([]);
  });
});
