import { describe, expect, it } from 'vitest';
import { ManualClock } from '@cascade/core';
import { MemoryRateLimiter, takeToken } from './rate-limit.js';

const policy = { capacity: 3, refillPerSecond: 0.5 };

describe('takeToken', () => {
  it('starts full and spends one token per call', () => {
    const a = takeToken(null, policy, 1000);
    expect(a).toEqual({ state: { tokens: 2, at: 1000 }, result: { allowed: true } });
  });

  it('refills at the policy rate and never above capacity', () => {
    // 0.5 tokens/s × 3 s = 1.5 → 0.2 + 1.5 = 1.7, minus the one taken = 0.7
    const r = takeToken({ tokens: 0.2, at: 10_000 }, policy, 13_000);
    expect(r.result).toEqual({ allowed: true });
    expect(r.state.tokens).toBeCloseTo(0.7, 12);
    // An hour idle refills to 3 (capped), minus one = 2
    expect(takeToken({ tokens: 0, at: 0 }, policy, 3_600_000).state.tokens).toBe(2);
  });

  it('refuses below one token and says how long until one is back', () => {
    // 0.2 tokens missing 0.8 at 0.5/s → 1.6 s → 2 s (whole seconds, rounded up)
    expect(takeToken({ tokens: 0.2, at: 5000 }, policy, 5000).result).toEqual({ allowed: false, retryAfterS: 2 });
    // exactly 0 tokens → 2 s
    expect(takeToken({ tokens: 0, at: 5000 }, policy, 5000).result).toEqual({ allowed: false, retryAfterS: 2 });
  });

  it('does not refill for a clock that went backwards', () => {
    expect(takeToken({ tokens: 0.5, at: 9000 }, policy, 1000).result).toEqual({ allowed: false, retryAfterS: 1 });
  });
});

describe('MemoryRateLimiter', () => {
  it('allows the burst, refuses the next call, and allows again after the refill, per caller', async () => {
    const clock = new ManualClock(0);
    const rl = new MemoryRateLimiter(() => clock.now(), policy);
    const burst = [await rl.take('a'), await rl.take('a'), await rl.take('a')];
    expect(burst.every((r) => r.allowed)).toBe(true);
    expect(await rl.take('a')).toEqual({ allowed: false, retryAfterS: 2 });
    expect(await rl.take('b')).toEqual({ allowed: true });
    clock.advance(2000); // + 1 token
    expect(await rl.take('a')).toEqual({ allowed: true });
    expect((await rl.take('a')).allowed).toBe(false);
  });
});
