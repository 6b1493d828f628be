import { describe, expect, it } from 'vitest';
import { StrategyConfigSchema, defaultStrategyConfig } from '../../config/strategy-config.js';
import { type Decision, scoreSetup } from '../score-setup.js';
import { ScoreFunnel, scoreStop } from './score-funnel.js';

const flow = (ratio: number | null, trades: number) => ({ windowMs: 30_000, buyVolume: 10, sellVolume: ratio === null ? 0 : 10 / ratio, trades, ratio });
/** A long setup: 30-s flow 3.0 over 12 trades (primary passes), a 0.9 rejection, and nothing else that scores. */
const setup = (over: { ratio?: number; rejection?: number; profile?: boolean } = {}) => {
  const f = flow(over.ratio ?? 3, 12);
  return {
    side: 'long' as const,
    flow: { w30s: f, w1m: f, w5m: f, w15m: f },
    context: {
      price: 100, mean15m: null, std15m: null, autocorr1m: null,
      // At the value-area low: market profile scores its full 1.5 (§2.2.2 #3).
      profile: over.profile ? { poc: 101, valueAreaHigh: 102, valueAreaLow: 100 } : null,
      regime: null, zone: null, targetZone: null, fvg: null,
      bounce: { rejection: over.rejection ?? 0.9, volumeSpike: 2, movingAway: true },
    },
  };
};

describe('scoreStop: why decide turned a setup down, read from the real scoreSetup', () => {
  it('names each way scoreSetup says no_trade (fails if its wording changes)', () => {
    const disabled = StrategyConfigSchema.parse({ enabled: false });
    expect(scoreStop(scoreSetup(setup(), disabled))).toBe('strategyDisabled');
    expect(scoreStop(scoreSetup(setup({ ratio: 1.1 }), defaultStrategyConfig))).toBe('orderFlowPrimary');
    expect(scoreStop(scoreSetup(setup({ rejection: 0.5 }), defaultStrategyConfig))).toBe('microstructurePrimary');
    // Only the profile scores: 1.5 < 3.0 (scoring.minScore).
    const low = scoreSetup(setup({ profile: true }), defaultStrategyConfig);
    expect(low).toMatchObject({ decision: 'no_trade', score: 1.5 });
    expect(scoreStop(low)).toBe('belowThreshold');
  });
});

describe('ScoreFunnel', () => {
  const d = (score: number, reason?: string): Decision =>
    reason === undefined ? { decision: 'trade', score, strength: 'weak', explanation: [] } : { decision: 'no_trade', score, reason, explanation: [] };

  it('counts passed and stopped with a reason each, and buckets only the scored setups by half points', () => {
    const f = new ScoreFunnel(defaultStrategyConfig.scoring);
    for (const x of [d(3), d(4.75), d(1.5, 'confluence 1.5 < 3'), d(2.99, 'confluence 2.99 < 3'), d(0, 'microstructure primary: no rejection at the zone'), d(0, 'order-flow primary no longer passes under current config')]) f.record(x);
    const row = f.row();
    expect(row).toMatchObject({ level: 'confluence_score', evaluated: 6, passed: 2, stoppedHere: 4, threshold: 3 });
    expect(row.reasons).toEqual({ strategyDisabled: 0, orderFlowPrimary: 1, microstructurePrimary: 1, belowThreshold: 2 });
    // Default weights add up to 1.5 + 1.5 + 1 + 2 + 0.5 + 1.5 = 8: sixteen half-point buckets.
    expect(row.distribution).toHaveLength(16);
    const at = (from: number) => row.distribution!.find((b) => b.from === from)!.count;
    // 1.5 → [1.5, 2); 2.99 → [2.5, 3); 3 → [3, 3.5) (the threshold starts a bucket); 4.75 → [4.5, 5). Unscored (0, primaries) not counted.
    expect([at(1.5), at(2.5), at(3), at(4.5), at(0)]).toEqual([1, 1, 1, 1, 0]);
    expect(row.distribution!.reduce((s, b) => s + b.count, 0)).toBe(4);
  });
});
