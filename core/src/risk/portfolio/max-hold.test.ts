import { describe, expect, it } from 'vitest';
import { maxHoldExceeded, maxHoldMsFor } from './max-hold.js';
import { MaxHoldConfigSchema } from './portfolio-risk-config.js';

describe('max hold times (§2.2.5 max_hold_times)', () => {
  const cfg = MaxHoldConfigSchema.parse({ byModule: { 'fx-london': 3_600_000 } });

  it('scalping 30 min, meme 24 h, arbitrage 4 h', () => {
    expect(maxHoldMsFor({ strategy: 'orderflow_scalp' }, cfg)).toBe(1_800_000);
    expect(maxHoldMsFor({ strategy: 'meme' }, cfg)).toBe(86_400_000);
    expect(maxHoldMsFor({ strategy: 'arbitrage' }, cfg)).toBe(14_400_000);
  });

  it('a module override wins over its strategy', () => {
    expect(maxHoldMsFor({ strategy: 'orderflow_scalp', moduleId: 'fx-london' }, cfg)).toBe(3_600_000);
    expect(maxHoldMsFor({ strategy: 'orderflow_scalp', moduleId: 'other' }, cfg)).toBe(1_800_000);
  });

  it('is exceeded at the limit itself, not a millisecond before', () => {
    const p = { strategy: 'orderflow_scalp' as const, openedAt: 1_000 };
    expect(maxHoldExceeded(p, 1_000 + 1_800_000 - 1, cfg)).toBe(false);
    expect(maxHoldExceeded(p, 1_000 + 1_800_000, cfg)).toBe(true);
    expect(maxHoldExceeded(p, 1_000 + 1_800_000, MaxHoldConfigSchema.parse({ enabled: false }))).toBe(false);
  });
});
