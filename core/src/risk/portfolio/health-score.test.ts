import { describe, expect, it } from 'vitest';
import { dec } from '../../execution/money.js';
import { type PositionHealthInput, computeHealthScore, healthBand, holdSubScore } from './health-score.js';
import { HealthScoreConfigSchema } from './portfolio-risk-config.js';

const cfg = HealthScoreConfigSchema.parse({});
const MIN = 60_000;

function pos(id: string, over: Partial<PositionHealthInput> = {}): PositionHealthInput {
  return {
    positionId: id,
    side: 'long',
    strategy: 'orderflow_scalp',
    ageMs: 2 * MIN,
    maxHoldMs: 30 * MIN,
    unrealizedPnl: dec('0'),
    volumeTrendingUp: true,
    orderFlowPositive: true,
    liquidityStable: null,
    leaderCorrelations: [{ leader: 'BTC/USDT', correlation: 0.1 }],
    ...over,
  };
}

describe('computeHealthScore (§2.2.5 five weighted factors)', () => {
  it('scores the document example factor by factor', () => {
    // Document: 5 positions, unrealised −2.5 %, 4 correlated with BTC (> 0.7), average hold 18 min, high volatility.
    // 1. Unrealised P&L: −2,500 / 100,000 = −2.5 %; (−0.025 + 0.05) / 0.10 = 0.25 → 0.30 × 100 × 0.25 = 7.5
    //    (the document prints 15/30, which no linear map through its −5 % → 0 and +5 % → 30 gives).
    // 2. Quality "declining": checks passed 1/3, 1/3, 1/3, 2/3, 1/3 → mean 2/5 = 0.4 → 25 × 0.4 = 10 (document 10/25)
    // 3. Concentration: largest group 4 → 1 − (4 − 1)/(5 − 1) = 0.25 → 20 × 0.25 = 5 (document 5/20)
    // 4. Hold: each 18 min of 30: 1 − 0.4 × (18 − 5)/(30 − 5) = 1 − 0.208 = 0.792 → 15 × 0.792 = 11.88 (document 12/15)
    // 5. Market: volatility ratio 1.5 → 1 − (1.5 − 1)/(2 − 1) = 0.5 → 10 × 0.5 = 5 (document 5/10)
    // Total 7.5 + 10 + 5 + 11.88 + 5 = 39.38 → WARNING (< 50), the document's band (it totals 47): tighten trails.
    const corr = (c: number) => [{ leader: 'BTC/USDT', correlation: c }];
    const one3 = { volumeTrendingUp: false, orderFlowPositive: false, liquidityStable: true };
    const ps = [
      pos('a', { ...one3, ageMs: 18 * MIN, unrealizedPnl: dec('-1000'), leaderCorrelations: corr(0.9) }),
      pos('b', { ...one3, ageMs: 18 * MIN, unrealizedPnl: dec('-800'), leaderCorrelations: corr(0.85) }),
      pos('c', { ...one3, ageMs: 18 * MIN, unrealizedPnl: dec('-500'), leaderCorrelations: corr(0.75) }),
      pos('d', { volumeTrendingUp: true, orderFlowPositive: false, liquidityStable: true, ageMs: 18 * MIN, unrealizedPnl: dec('-300'), leaderCorrelations: corr(0.72) }),
      pos('e', { ...one3, ageMs: 18 * MIN, unrealizedPnl: dec('100'), leaderCorrelations: corr(0.45) }),
    ];
    const h = computeHealthScore({ equity: dec('100000'), positions: ps, volatilityRatio: 1.5 }, cfg, 0.7);
    expect(h.factors.unrealizedPnl.points).toBeCloseTo(7.5, 10);
    expect(h.factors.unrealizedPnl.max).toBeCloseTo(30, 10);
    expect(h.factors.positionQuality.points).toBeCloseTo(10, 10);
    expect(h.factors.concentrationRisk.points).toBeCloseTo(5, 10);
    expect(h.factors.holdTimeDistribution.points).toBeCloseTo(11.88, 10);
    expect(h.factors.marketConditions.points).toBeCloseTo(5, 10);
    expect(h.score).toBeCloseTo(39.38, 10);
    expect(h.band).toBe('warning');
  });

  it('an empty portfolio with flat P&L scores 15 + 25 + 20 + 15 + 10 = 85 (healthy)', () => {
    const h = computeHealthScore({ equity: dec('100000'), positions: [], volatilityRatio: 3 }, cfg, 0.7);
    expect(h.score).toBeCloseTo(85, 10);
    expect(h.band).toBe('healthy');
    const noEquity = computeHealthScore({ equity: null, positions: [], volatilityRatio: null }, cfg, 0.7);
    expect(noEquity.score).toBeCloseTo(85, 10);
  });

  it('clamps P&L at ±5 %: +6 % → 30, −5 % → 0', () => {
    const up = computeHealthScore({ equity: dec('1000'), positions: [pos('a', { unrealizedPnl: dec('60') })], volatilityRatio: null }, cfg, 0.7);
    expect(up.factors.unrealizedPnl.points).toBeCloseTo(30, 10);
    const down = computeHealthScore({ equity: dec('1000'), positions: [pos('a', { unrealizedPnl: dec('-50') })], volatilityRatio: null }, cfg, 0.7);
    expect(down.factors.unrealizedPnl.points).toBeCloseTo(0, 10);
  });

  it('groups correlation by leader and side: 2 longs + 2 shorts on BTC is a group of 2 → 20 × 0.75 = 15', () => {
    const c = [{ leader: 'BTC/USDT', correlation: 0.8 }];
    const ps = [pos('a', { leaderCorrelations: c }), pos('b', { leaderCorrelations: c }), pos('c', { side: 'short', leaderCorrelations: c }), pos('d', { side: 'short', leaderCorrelations: c })];
    const h = computeHealthScore({ equity: dec('1000'), positions: ps, volatilityRatio: null }, cfg, 0.7);
    expect(h.factors.concentrationRisk.points).toBeCloseTo(15, 10);
  });

  it('a position with no known quality check counts 0.5', () => {
    const h = computeHealthScore({ equity: dec('1000'), positions: [pos('a', { volumeTrendingUp: null, orderFlowPositive: null, liquidityStable: null })], volatilityRatio: null }, cfg, 0.7);
    expect(h.factors.positionQuality.points).toBeCloseTo(12.5, 10);
  });

  it('weighs an overdue meme position double: fresh scalp (1) + 25 h meme (0, ×2) → 1/3 → 5 points', () => {
    const ps = [pos('a'), pos('m', { strategy: 'meme', ageMs: 25 * 60 * MIN, maxHoldMs: 24 * 60 * MIN })];
    const h = computeHealthScore({ equity: dec('1000'), positions: ps, volatilityRatio: null }, cfg, 0.7);
    expect(h.factors.holdTimeDistribution.points).toBeCloseTo(5, 10);
  });
});

describe('holdSubScore and bands', () => {
  it('1 while fresh (< 5 min), 0.6 at the max hold, 0 beyond', () => {
    const hc = cfg.holdTime;
    expect(holdSubScore(4 * MIN, 30 * MIN, hc)).toBe(1);
    expect(holdSubScore(5 * MIN, 30 * MIN, hc)).toBe(1);
    expect(holdSubScore(30 * MIN, 30 * MIN, hc)).toBeCloseTo(0.6, 12);
    expect(holdSubScore(30 * MIN + 1, 30 * MIN, hc)).toBe(0);
  });

  it('< 70 caution, < 50 warning, < 30 critical', () => {
    expect(healthBand(70, cfg)).toBe('healthy');
    expect(healthBand(69.99, cfg)).toBe('caution');
    expect(healthBand(50, cfg)).toBe('caution');
    expect(healthBand(49.99, cfg)).toBe('warning');
    expect(healthBand(30, cfg)).toBe('warning');
    expect(healthBand(29.99, cfg)).toBe('critical');
  });
});
