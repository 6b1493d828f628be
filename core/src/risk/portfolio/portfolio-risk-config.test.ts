import { describe, expect, it } from 'vitest';
import { PortfolioRiskConfigSchema, defaultPortfolioRiskConfig as d } from './portfolio-risk-config.js';

describe('PortfolioRiskConfigSchema (§2.2.5 config/portfolio_risk.yaml)', () => {
  it('defaults to the document numbers', () => {
    expect(d.checkIntervalMs).toBe(10_000); // check_interval_seconds: 10
    expect(d.drawdown).toMatchObject({ alertPct: 0.02, warningPct: 0.03, criticalPct: 0.04, circuitBreakerPct: 0.05 });
    expect(d.correlationExit).toMatchObject({ leaderDropPct: 0.015, leaderDropWindowMs: 300_000, minCorrelation: 0.7, moderateCorrelation: 0.4, windowMinutes: 1440 });
    expect(d.dumpDetection.volumeReversal).toMatchObject({ consecutiveCandles: 3, sellBuyRatio: 1.5, spikeMultiple: 3, spikePriceMovePct: 0.003 });
    expect(d.dumpDetection.orderFlowFlip.imbalanceThreshold).toBe(2.5);
    expect(d.dumpDetection.liquidityDrop).toMatchObject({ thresholdPct: 0.3, windowMs: 600_000, maxExitSlippagePct: 0.1 });
    expect(d.dumpDetection.momentumBreak).toMatchObject({ lowerHighsCount: 3, swingLowBreak: true });
    expect(d.dumpDetection.resistanceRejection.wickPct).toBe(0.005);
    expect(d.healthScore.weights).toEqual({ unrealizedPnl: 0.3, positionQuality: 0.25, concentrationRisk: 0.2, holdTimeDistribution: 0.15, marketConditions: 0.1 });
    expect(d.healthScore).toMatchObject({ cautionBelow: 70, warningBelow: 50, criticalBelow: 30, warningTrailPct: 0.003, criticalCloseCount: 2, pnlRangePct: 0.05 });
    expect(d.maxHold.byStrategy).toEqual({ orderflow_scalp: 1_800_000, meme: 86_400_000, arbitrage: 14_400_000 });
    expect(d.forexSession).toEqual({ enabled: true, closeWeekday: 5, closeMinuteUtc: 1410, reopenWeekday: 1, reopenMinuteUtc: 0 });
  });

  it('rejects unknown keys, unordered levels and weights that do not sum to 1', () => {
    expect(PortfolioRiskConfigSchema.safeParse({ drawdown: { alertPc: 0.02 } }).success).toBe(false);
    expect(PortfolioRiskConfigSchema.safeParse({ drawdown: { warningPct: 0.045 } }).success).toBe(false);
    expect(PortfolioRiskConfigSchema.safeParse({ healthScore: { weights: { unrealizedPnl: 0.4 } } }).success).toBe(false);
    expect(PortfolioRiskConfigSchema.safeParse({ correlationExit: { leaders: ['BTC/USDT', 'BTC/USDT'] } }).success).toBe(false);
    expect(PortfolioRiskConfigSchema.safeParse({ correlationExit: { leaderDropPct: 1.5 } }).success).toBe(false); // a fraction, not percent
    expect(PortfolioRiskConfigSchema.parse({ drawdown: { circuitBreakerPct: 0.06 } }).drawdown.circuitBreakerPct).toBe(0.06);
  });
});
