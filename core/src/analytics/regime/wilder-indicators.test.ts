import { describe, expect, it } from 'vitest';
import { trueRange, wilderSettleCandles } from './true-range.js';
import { warmUp } from './warm-up.js';
import { WilderAdx } from './wilder-adx.js';
import { WilderAtr } from './wilder-atr.js';
import { WilderRsi } from './wilder-rsi.js';

// Hand-worked with period 3 so every step fits in a comment. Candles (high, low, close):
const hlc = [
  { high: 10, low: 8, close: 9 },
  { high: 12, low: 9, close: 11 },
  { high: 11.5, low: 10.5, close: 11 },
  { high: 13, low: 11, close: 12.5 },
  { high: 12, low: 7, close: 8 },
  { high: 9, low: 8.5, close: 9 },
  { high: 10, low: 8, close: 9.5 },
];

describe('trueRange', () => {
  it('stretches the range to a gap from the previous close', () => {
    expect(trueRange(12, 9, 9)).toBe(3); // max(3, 3, 0)
    expect(trueRange(12, 7, 12.5)).toBe(5.5); // max(5, 0.5, 5.5): gap down
    expect(trueRange(9, 8.5, 8)).toBe(1); // max(0.5, 1, 0.5): gap up
  });

  it('settles a period-14 Wilder average in 63 candles to 1 % seed weight', () => {
    // ln 0.01 / ln(13/14) = −4.60517 / −0.074108 = 62.14 → 63
    expect(wilderSettleCandles(14)).toBe(63);
    // (1 − 1/3)^k < 0.01: ln 0.01 / ln(2/3) = 11.36 → 12
    expect(wilderSettleCandles(3)).toBe(12);
  });
});

describe('WilderAtr', () => {
  it('seeds with the mean of the first 3 true ranges, then (ATR·2 + TR)/3 (hand case)', () => {
    // TR from candle 2: 3 (max(3,3,0)), 1 (max(1,0.5,0.5)), 2 (max(2,2,0)), 5.5, 1, 2
    // candle 4: (3 + 1 + 2)/3 = 2; candle 5: (2·2 + 5.5)/3 = 19/6; candle 6: (19/6·2 + 1)/3 = 22/9;
    // candle 7: (22/9·2 + 2)/3 = (44/9 + 18/9)/3 = 62/27
    const atr = new WilderAtr(3);
    const out = hlc.map((c) => atr.update(c));
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(out[3]).toBe(2);
    expect(out[4]).toBeCloseTo(19 / 6, 12);
    expect(out[5]).toBeCloseTo(22 / 9, 12);
    expect(out[6]).toBeCloseTo(62 / 27, 12);
    expect(atr.value).toBe(out[6]);
    expect(atr.warmUpCandles).toBe(4);
  });

  it('is null until period + 1 candles (15 for ATR(14))', () => {
    const atr = new WilderAtr();
    for (let i = 0; i < 14; i++) expect(atr.update({ high: 2 + i, low: 1 + i, close: 1.5 + i })).toBeNull();
    // candle i (from 0): high 2+i, low 1+i, previous close 0.5+i → TR = max(1, 1.5, 0.5) = 1.5 for
    // candles 2…15, so the first ATR, on candle 15, is the mean of fourteen 1.5s
    expect(atr.update({ high: 16, low: 15, close: 15.5 })).toBe(1.5);
  });

  it('rejects a period that is not a positive integer', () => {
    expect(() => new WilderAtr(0)).toThrow(/positive integer/);
    expect(() => new WilderAtr(2.5)).toThrow(/positive integer/);
  });
});

describe('WilderAdx', () => {
  it('follows Wilder: smoothed sums, DI, DX, ADX seeded with the mean of 3 DX (hand case)', () => {
    // moves from candle 2: (TR, +DM, −DM)
    //   c2: up 12−10=2, down 8−9=−1 → (3, 2, 0)
    //   c3: up −0.5, down −1.5 → (1, 0, 0)
    //   c4: up 1.5, down −0.5 → (2, 1.5, 0)
    //   c5: up −1, down 11−7=4 → (5.5, 0, 4)
    //   c6: up −3, down −1.5 → (1, 0, 0)
    //   c7: up 1, down 0.5 → (2, 1, 0)
    // c4 seed sums: S(TR)=6, S(+)=3.5, S(−)=0 → +DI 350/6 = 58.33, −DI 0, DX 100
    // c5: S(TR)=6−2+5.5=9.5, S(+)=3.5·2/3=7/3, S(−)=4 → +DI 1400/57, −DI 2400/57 → DX 1000/3800·100 = 500/19
    // c6: S(TR)=9.5·2/3+1=22/3, S(+)=14/9, S(−)=8/3 → +DI 700/33, −DI 1200/33 → DX 500/1900·100 = 500/19
    // ADX on c6 = (100 + 500/19 + 500/19)/3 = 2900/57
    // c7: S(TR)=44/9+2=62/9, S(+)=28/27+1=55/27, S(−)=16/9 → +DI 5500/186, −DI 4800/186 → DX 700/103
    // ADX on c7 = (2900/57·2 + 700/103)/3
    const adx = new WilderAdx(3);
    const out: (number | null)[] = [];
    const di: [number, number, number][] = [];
    for (const c of hlc) {
      out.push(adx.update(c));
      di.push([adx.plusDi, adx.minusDi, adx.dx]);
    }
    expect(out.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(Number.isNaN(di[2]?.[0])).toBe(true);
    expect(di[3]?.[0]).toBeCloseTo(350 / 6, 12);
    expect(di[3]?.[1]).toBe(0);
    expect(di[3]?.[2]).toBe(100);
    expect(di[4]?.[0]).toBeCloseTo(1400 / 57, 12);
    expect(di[4]?.[1]).toBeCloseTo(2400 / 57, 12);
    expect(di[4]?.[2]).toBeCloseTo(500 / 19, 12);
    expect(di[5]?.[0]).toBeCloseTo(700 / 33, 12);
    expect(di[5]?.[1]).toBeCloseTo(1200 / 33, 12);
    expect(out[5]).toBeCloseTo(2900 / 57, 12);
    expect(di[6]?.[0]).toBeCloseTo(5500 / 186, 12);
    expect(di[6]?.[1]).toBeCloseTo(4800 / 186, 12);
    expect(di[6]?.[2]).toBeCloseTo(700 / 103, 12);
    expect(out[6]).toBeCloseTo(((2900 / 57) * 2 + 700 / 103) / 3, 12);
    expect(adx.warmUpCandles).toBe(6);
  });

  it('gives the first ADX(14) on candle 28 and DI on candle 15', () => {
    const adx = new WilderAdx();
    for (let i = 1; i <= 27; i++) {
      const v = adx.update({ high: 10 + i, low: 9 + i, close: 9.5 + i });
      expect(v).toBeNull();
      expect(adx.diReady).toBe(i >= 15);
    }
    // A steady climb: every move is +DM 1, −DM 0 → +DI 100·14/21… DX 100 throughout → ADX 100.
    expect(adx.update({ high: 38, low: 37, close: 37.5 })).toBe(100);
  });

  it('reads 0/0 as 0: flat candles give DI 0 and DX 0, not NaN', () => {
    const adx = new WilderAdx(3);
    for (let i = 0; i < 6; i++) adx.update({ high: 5, low: 5, close: 5 });
    expect([adx.plusDi, adx.minusDi, adx.dx, adx.value]).toEqual([0, 0, 0, 0]);
  });
});

describe('WilderRsi', () => {
  it('seeds with the mean gain/loss of 3 changes, then Wilder smoothing (hand case)', () => {
    // closes 10, 11, 10.5, 12, 11, 11 → changes +1, −0.5, +1.5, −1, 0
    // close 4: avgGain (1+0+1.5)/3 = 5/6, avgLoss 0.5/3 = 1/6 → RS 5 → 100 − 100/6
    // close 5: avgGain (5/6·2 + 0)/3 = 5/9, avgLoss (1/6·2 + 1)/3 = 4/9 → RS 1.25 → 100 − 100/2.25
    // close 6: avgGain 10/27, avgLoss 8/27 → RS 1.25 again
    const rsi = new WilderRsi(3);
    const out = [10, 11, 10.5, 12, 11, 11].map((c) => rsi.updateClose(c));
    expect(out.slice(0, 3)).toEqual([null, null, null]);
    expect(out[3]).toBeCloseTo(100 - 100 / 6, 12);
    expect(out[4]).toBeCloseTo(100 - 100 / 2.25, 12);
    expect(out[5]).toBeCloseTo(100 - 100 / 2.25, 12);
    expect(rsi.avgGain).toBeCloseTo(10 / 27, 14);
    expect(rsi.avgLoss).toBeCloseTo(8 / 27, 14);
  });

  it('is 100 with only gains, 0 with only losses, 50 when flat (0/0)', () => {
    expect(warmUp(new WilderRsi(3), [1, 2, 3, 4].map((close) => ({ close }))).value).toBe(100);
    expect(warmUp(new WilderRsi(3), [4, 3, 2, 1].map((close) => ({ close }))).value).toBe(0);
    expect(warmUp(new WilderRsi(3), [2, 2, 2, 2].map((close) => ({ close }))).value).toBe(50);
  });

  it('needs 15 closes for RSI(14)', () => {
    const rsi = new WilderRsi();
    for (let i = 0; i < 14; i++) rsi.updateClose(100 + (i % 2));
    expect(rsi.value).toBeNull();
    rsi.updateClose(100);
    expect(rsi.value).not.toBeNull();
    expect(rsi.warmUpCandles).toBe(15);
  });
});

describe('warmUp', () => {
  it('feeds history in order and returns the same indicator', () => {
    const atr = new WilderAtr(3);
    expect(warmUp(atr, hlc)).toBe(atr);
    expect(atr.candles).toBe(7);
    expect(atr.value).toBeCloseTo(62 / 27, 12);
  });
});

describe('warmUp methods', () => {
  it('equal feeding one candle at a time', () => {
    expect(new WilderAtr(3).warmUp(hlc).value).toBeCloseTo(62 / 27, 12);
    expect(new WilderAdx(3).warmUp(hlc).value).toBeCloseTo(((2900 / 57) * 2 + 700 / 103) / 3, 12);
    expect(new WilderRsi(3).warmUp([10, 11, 10.5, 12, 11, 11].map((close) => ({ close }))).value).toBeCloseTo(100 - 100 / 2.25, 12);
  });
});
