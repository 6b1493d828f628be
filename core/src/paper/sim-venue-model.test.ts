import { describe, expect, it } from 'vitest';
import { defaultSimVenueModel, requestLatencyMs, SimVenueModelSchema } from './sim-venue-model.js';

describe('SimVenueModelSchema', () => {
  it('defaults: 50 + 50 ms latency, 2 bps fixed, 10 bps impact capped at 50, 60-s window, no partial fills, MarketSpec fees', () => {
    expect(defaultSimVenueModel).toEqual({
      latency: { signalToOrderMs: 50, orderToFillMs: 50 },
      slippage: { fixedBps: 2, impactBps: 10, maxImpactBps: 50 },
      recentVolumeWindowMs: 60_000,
      partialFills: { enabled: false, maxParticipation: 0.1 },
      fees: {},
    });
    expect(requestLatencyMs(defaultSimVenueModel)).toBe(100);
  });

  it('overrides a subset and rejects unknown keys', () => {
    expect(SimVenueModelSchema.parse({ slippage: { fixedBps: 5 } }).slippage).toEqual({ fixedBps: 5, impactBps: 10, maxImpactBps: 50 });
    expect(SimVenueModelSchema.safeParse({ slipage: {} }).success).toBe(false);
    expect(SimVenueModelSchema.safeParse({ fees: { taker: '0.1%' } }).success).toBe(false);
  });
});
