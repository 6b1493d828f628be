import { describe, expect, it } from 'vitest';
import type { ClosedTradeRecord } from './backtest-result.js';
import { type Summary, SUMMARY_KEYS, computeSummary, summarizeTrades } from './summary.js';

const trade = (id: string, side: 'long' | 'short', entryTime: number, holdSec: number, exitPrice: string, pnl: string, fees: string): ClosedTradeRecord => ({
  id, symbol: 'BTC/USDT', side, entryTime, entryPrice: '1000', exitTime: entryTime + holdSec * 1000, exitPrice, qty: '1', pnl, fees, exitReason: 'trailing_stop', score: 5,
});

/*
 * Five trades on 1,000 starting equity, each sized so its return on the equity before it is round:
 *   #  pnl           equity before   r = pnl / equity before   equity after
 *   1  +20           1000            +0.02                     1020
 *   2  −10.2         1020            −0.01                     1009.8
 *   3  +30.294       1009.8          +0.03                     1040.094
 *   4  −20.80188     1040.094        −0.02                     1019.29212
 *   5  +10.1929212   1019.29212      +0.01                     1029.4850412
 * Prices are consistent with the pnl (qty 1, entry 1000): long exit = 1000 + pnl + fees, short exit = 1000 − pnl − fees.
 * fees 0.5 + 0.4 + 0.6 + 0.4 + 0.3 = 2.2. Holds 60 + 30 + 120 + 45 + 90 = 345 s → avgHoldSec 69.
 *
 * wins 3, losses 2, winRate 3/5 = 60 %.
 * grossProfit 20 + 30.294 + 10.1929212 = 60.4869212; grossLoss 10.2 + 20.80188 = 31.00188;
 * netPnl 60.4869212 − 31.00188 = 29.4850412; profitFactor 60.4869212 / 31.00188 = 1.951072683…;
 * expectancy 29.4850412 / 5 = 5.89700824; returnPct 29.4850412 / 1000 × 100 = 2.94850412.
 *
 * Sharpe: mean r = (0.02 − 0.01 + 0.03 − 0.02 + 0.01) / 5 = 0.006; deviations 0.014, −0.016, 0.024, −0.026, 0.004;
 *   squares 0.000196 + 0.000256 + 0.000576 + 0.000676 + 0.000016 = 0.00172; sample variance 0.00172 / 4 = 0.00043;
 *   sharpe = 0.006 / √0.00043 = √(0.000036 / 0.00043) = √(36/430) = √0.0837209302 = 0.2893456933.
 * Sortino: downside squares 0.01² + 0.02² = 0.0005; / n = 0.0001; √ = 0.01; sortino = 0.006 / 0.01 = 0.6.
 * VaR (type-7 quantile of sorted r = −0.02, −0.01, 0.01, 0.02, 0.03):
 *   95 %: h = 4 × 0.05 = 0.2 → q = −0.02 + 0.2 × (−0.01 + 0.02) = −0.018 → var95 = 1.8 %.
 *   99 %: h = 4 × 0.01 = 0.04 → q = −0.02 + 0.04 × 0.01 = −0.0196 → var99 = 1.96 %.
 * Max drawdown on 1000, 1020, 1009.8, 1040.094, 1019.29212, 1029.4850412: 1020 → 1009.8 is 1 %,
 *   1040.094 → 1019.29212 is 20.80188 / 1040.094 = 2 % → 2 %.
 * Period 1,000,000 ms, exposure 345,000 ms → exposurePct 34.5.
 * Annualised: trades per year = 5 × 31,536,000,000 / 1,000,000 = 157,680; √157,680 = 397.0894106;
 *   sharpeAnnualised = √(36/430 × 157,680) = √13,201.116279 = 114.8961108; sortinoAnnualised = 0.6 × 397.0894106 = 238.2536463.
 */
const five: ClosedTradeRecord[] = [
  trade('t1', 'long', 0, 60, '1020.5', '20', '0.5'),
  trade('t2', 'short', 100_000, 30, '1009.8', '-10.2', '0.4'),
  trade('t3', 'long', 200_000, 120, '1030.894', '30.294', '0.6'),
  trade('t4', 'short', 400_000, 45, '1020.40188', '-20.80188', '0.4'),
  trade('t5', 'long', 500_000, 90, '1010.4929212', '10.1929212', '0.3'),
];
const curve = [
  { ts: 0, equity: '1000' }, { ts: 130_000, equity: '1020' }, { ts: 200_000, equity: '1009.8' },
  { ts: 320_000, equity: '1040.094' }, { ts: 445_000, equity: '1019.29212' }, { ts: 590_000, equity: '1029.4850412' },
];

describe('computeSummary: five-trade hand calculation', () => {
  const s = computeSummary({
    startingEquity: '1000', trades: five, equityCurve: curve, priceSeries: [], funnel: [], filterStats: [],
    period: { from: 0, to: 1_000_000 }, exposureMs: 345_000,
  });

  it('counts and exact money sums', () => {
    expect([s.trades, s.wins, s.losses, s.breakeven]).toEqual([5, 3, 2, 0]);
    expect(s.winRate).toBeCloseTo(60, 12);
    expect(s.netPnl).toBe('29.4850412');
    expect(s.fees).toBe('2.2');
    expect(s.grossProfit).toBe('60.4869212');
    expect(s.grossLoss).toBe('31.00188');
    expect(s.expectancy).toBe('5.89700824');
    expect(s.startingEquity).toBe('1000');
    expect(s.endingEquity).toBe('1029.4850412');
    expect(s.returnPct).toBeCloseTo(2.94850412, 10);
    expect(s.profitFactor).toBeCloseTo(1.951072683, 8);
  });

  it('sharpe, sortino and their annualised forms', () => {
    expect(s.sharpe).toBeCloseTo(0.2893456933, 9);
    expect(s.sortino).toBeCloseTo(0.6, 12);
    expect(s.sharpeAnnualised).toBeCloseTo(114.8961108, 6);
    expect(s.sortinoAnnualised).toBeCloseTo(238.2536463, 6);
  });

  it('historical VaR with linear interpolation, drawdown, hold time, exposure', () => {
    expect(s.var95).toBeCloseTo(1.8, 10);
    expect(s.var99).toBeCloseTo(1.96, 10);
    expect(s.maxDrawdownPct).toBeCloseTo(2, 10);
    expect(s.avgHoldSec).toBe(69);
    expect(s.exposurePct).toBeCloseTo(34.5, 12);
  });

  it('derives the drawdown from the realised path when no curve is given', () => {
    expect(summarizeTrades({ startingEquity: '1000', trades: five }).maxDrawdownPct).toBeCloseTo(2, 10);
  });

  it('does not depend on absolute time: shifting everything by a day gives the same summary', () => {
    const day = 86_400_000;
    const shifted = computeSummary({
      startingEquity: '1000', trades: five.map((t) => ({ ...t, entryTime: t.entryTime + day, exitTime: t.exitTime + day })),
      equityCurve: curve.map((p) => ({ ...p, ts: p.ts + day })), priceSeries: [], funnel: [], filterStats: [],
      period: { from: day, to: day + 1_000_000 }, exposureMs: 345_000,
    });
    expect(shifted).toEqual(s);
  });

  it('lists every Summary field exactly once in SUMMARY_KEYS', () => {
    expect([...SUMMARY_KEYS].sort()).toEqual(Object.keys(s).sort());
    expect(new Set(SUMMARY_KEYS).size).toBe(SUMMARY_KEYS.length);
  });
});

describe('computeSummary: edge cases', () => {
  const base = { startingEquity: '1000', priceSeries: [], funnel: [], filterStats: [], period: { from: 0, to: 60_000 }, exposureMs: 0 };

  it('no trades: zero money, undefined ratios are null, not 0', () => {
    const s = computeSummary({ ...base, trades: [], equityCurve: [{ ts: 0, equity: '1000' }] });
    expect(s).toMatchObject<Partial<Summary>>({
      trades: 0, wins: 0, losses: 0, breakeven: 0, winRate: null, netPnl: '0', fees: '0', profitFactor: null,
      sharpe: null, sortino: null, maxDrawdownPct: 0, var95: null, var99: null, expectancy: null, avgHoldSec: null,
      exposurePct: 0, endingEquity: '1000', returnPct: 0, sharpeAnnualised: null, sortinoAnnualised: null,
    });
  });

  /*
   * All wins: pnl +10 on 1000 (r = 0.01), +20.2 on 1010 (r = 0.02). No loss → profitFactor null (∞), no negative
   * return → sortino null (∞); sharpe: mean 0.015, deviations ±0.005, sample var 2 × 0.000025 / 1 = 0.00005,
   * sd 0.0070710678, sharpe 0.015 / 0.0070710678 = 2.1213203 (= 3/√2). VaR95: q = 0.01 + 0.05 × 0.01 = 0.0105 > 0
   * → no loss → 0. Drawdown 0.
   */
  it('all wins', () => {
    const s = summarizeTrades({ startingEquity: '1000', trades: [trade('a', 'long', 0, 10, '1010.1', '10', '0.1'), trade('b', 'long', 20_000, 10, '1020.3', '20.2', '0.1')] });
    expect([s.wins, s.losses, s.winRate]).toEqual([2, 0, 100]);
    expect(s.profitFactor).toBeNull();
    expect(s.sortino).toBeNull();
    expect(s.sharpe).toBeCloseTo(3 / Math.SQRT2, 9);
    expect(s.var95).toBe(0);
    expect(s.var99).toBe(0);
    expect(s.maxDrawdownPct).toBe(0);
    expect(s.grossLoss).toBe('0');
    expect(s.netPnl).toBe('30.2');
    expect(s.exposurePct).toBeNull(); // no period given
  });

  /*
   * All losses: −10 on 1000 (r = −0.01), −29.7 on 990 (r = −0.03). profitFactor 0 / 39.7 = 0. winRate 0.
   * mean −0.02; sample var (0.01² + 0.01²) / 1 = 0.0002, sd 0.0141421356, sharpe −0.02 / 0.0141421356 = −√2.
   * Sortino: downside (0.0001 + 0.0009) / 2 = 0.0005, √ = 0.0223606798, sortino −0.02 / 0.0223606798 = −0.894427191.
   * VaR95: sorted −0.03, −0.01, h = 0.05, q = −0.03 + 0.05 × 0.02 = −0.029 → 2.9 %; VaR99: h = 0.01 → −0.0298 → 2.98 %.
   * Drawdown 1000 → 960.3: 39.7 / 1000 = 3.97 %.
   */
  it('all losses', () => {
    const s = summarizeTrades({ startingEquity: '1000', trades: [trade('a', 'short', 0, 10, '1009.9', '-10', '0.1'), trade('b', 'short', 20_000, 10, '1029.6', '-29.7', '0.1')] });
    expect([s.wins, s.losses, s.winRate]).toEqual([0, 2, 0]);
    expect(s.profitFactor).toBe(0);
    expect(s.sharpe).toBeCloseTo(-Math.SQRT2, 9);
    expect(s.sortino).toBeCloseTo(-0.894427191, 9);
    expect(s.var95).toBeCloseTo(2.9, 10);
    expect(s.var99).toBeCloseTo(2.98, 10);
    expect(s.maxDrawdownPct).toBeCloseTo(3.97, 10);
    expect(s.netPnl).toBe('-39.7');
    expect(s.expectancy).toBe('-19.85');
  });

  it('a breakeven trade is neither a win nor a loss', () => {
    const s = summarizeTrades({ startingEquity: '1000', trades: [trade('a', 'long', 0, 1, '1000.2', '0', '0.2')] });
    expect([s.wins, s.losses, s.breakeven, s.winRate]).toEqual([0, 0, 1, 0]);
    expect(s.sharpe).toBeNull(); // one return: no dispersion to speak of
  });

  it('a ruined account leaves the return-based ratios undefined', () => {
    const s = summarizeTrades({ startingEquity: '10', trades: [trade('a', 'long', 0, 1, '980', '-20', '0'), trade('b', 'long', 5, 1, '1005', '5', '0')] });
    expect([s.sharpe, s.sortino, s.var95, s.var99]).toEqual([null, null, null, null]);
    expect(s.endingEquity).toBe('-5');
  });
});
