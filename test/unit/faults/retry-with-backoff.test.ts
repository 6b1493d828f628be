import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { ManualClock, FaultKind, SeededRandom, RetryPolicySchema, backoffCeilingMs, defaultRetryPolicy, fullJitterDelayMs, type RetryGiveUp, GiveUpReason, retryWithBackoff, ClockSleeper } from '@cascade/core';

// Park–Miller draws from seed 1 (x ← 16807·x mod 2147483647, draw = x / 2147483647):
//   d1 = 16807/2147483647      = 0.0000078263…
//   d2 = 282475249/2147483647  = 0.1315377881…
//   d3 = 1622650073/2147483647 = 0.7556053221…
//   d4 = 984943658/2147483647  = 0.4586501319…
//   d5 = 1144108930/2147483647 = 0.5327672374…
// Default policy: ceiling(n) = min(30000, 1000·2^(n−1)) → 1000, 2000, 4000, 8000, 16000 ms.
// Full jitter: wait = floor(draw · ceiling):
//   retry 1: floor(0.0000078 · 1000) = 0
//   retry 2: floor(0.1315378 · 2000) = floor(263.08) = 263
//   retry 3: floor(0.7556053 · 4000) = floor(3022.42) = 3022
//   retry 4: floor(0.4586501 · 8000) = floor(3669.20) = 3669
//   retry 5: floor(0.5327672 · 16000) = floor(8524.28) = 8524

function setup(t0 = 1_700_000_000_000) {
  const clock = new ManualClock(t0);
  const sleeper = new ClockSleeper(clock);
  return { clock, sleeper, ports: { clock, sleeper, random: new SeededRandom(1) } };
}

/** A venue call that throws the given errors in turn, then answers 'ok'. */
function flaky(errs: unknown[]): { fn: (attempt: number) => Promise<string>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    fn: (attempt) => {
      calls.push(attempt);
      const e = errs[attempt - 1];
      return e === undefined ? Promise.resolve('ok') : Promise.reject(e);
    },
  };
}

describe('backoff arithmetic', () => {
  it('doubles from 1 s and caps at maxDelayMs (§12.3 initial_delay 1.0, factor 2.0)', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffCeilingMs(defaultRetryPolicy, n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('full jitter is floor(draw · ceiling)', () => {
    expect(fullJitterDelayMs(defaultRetryPolicy, 3, 0.5)).toBe(2000);
    expect(fullJitterDelayMs(defaultRetryPolicy, 3, 0.99999)).toBe(3999);
    expect(fullJitterDelayMs(defaultRetryPolicy, 1, 0)).toBe(0);
  });

  it('defaults to §12.3: 3 retries after the first try', () => {
    expect(defaultRetryPolicy).toMatchObject({ maxAttempts: 4, baseDelayMs: 1000, factor: 2 });
    expect(RetryPolicySchema.safeParse({ baseDelayMs: 5000, maxDelayMs: 1000 }).success).toBe(false);
  });
});

describe('retryWithBackoff', () => {
  it('waits the hand-computed jittered delays with a seeded random port, then succeeds', async () => {
    const { ports, sleeper, clock } = setup();
    const { fn, calls } = flaky([new ccxt.RateLimitExceeded('429'), new ccxt.RequestTimeout('t'), new ccxt.NetworkError('reset'), new ccxt.ExchangeNotAvailable('503'), new ccxt.DDoSProtection('418')]);
    const policy = RetryPolicySchema.parse({ maxAttempts: 6, maxElapsedMs: 600_000 });
    await expect(retryWithBackoff(fn, policy, ports)).resolves.toBe('ok');
    expect(sleeper.waits).toEqual([0, 263, 3022, 3669, 8524]);
    expect(calls).toEqual([1, 2, 3, 4, 5, 6]);
    expect(clock.now() - 1_700_000_000_000).toBe(0 + 263 + 3022 + 3669 + 8524);
  });

  it('caps each wait at maxDelayMs before jitter', async () => {
    const { ports, sleeper } = setup();
    // ceilings min(2500, 1000·2^(n−1)) = 1000, 2000, 2500, 2500 → floor(d·c) = 0, 263, floor(0.7556053·2500)=1889, floor(0.4586501·2500)=1146
    const policy = RetryPolicySchema.parse({ maxAttempts: 5, maxDelayMs: 2_500 });
    const { fn } = flaky(Array.from({ length: 4 }, () => new ccxt.NetworkError('x')));
    await retryWithBackoff(fn, policy, ports);
    expect(sleeper.waits).toEqual([0, 263, 1889, 1146]);
  });

  it('never retries InvalidOrder or InsufficientFunds: one call, the same error back', async () => {
    for (const err of [new ccxt.InvalidOrder('lot size'), new ccxt.InsufficientFunds('balance')]) {
      const { ports, sleeper } = setup();
      const { fn, calls } = flaky([err]);
      const gaveUp: RetryGiveUp[] = [];
      await expect(retryWithBackoff(fn, defaultRetryPolicy, ports, { onGiveUp: (g) => gaveUp.push(g) })).rejects.toBe(err);
      expect(calls).toEqual([1]);
      expect(sleeper.waits).toEqual([]);
      expect(gaveUp.map((g) => g.reason)).toEqual([GiveUpReason.NotRetryable]);
    }
  });

  it('stops after maxAttempts and rethrows the last error', async () => {
    const { ports, sleeper } = setup();
    const last = new ccxt.RateLimitExceeded('still 429');
    const { fn, calls } = flaky([new ccxt.RateLimitExceeded('1'), new ccxt.RateLimitExceeded('2'), new ccxt.RateLimitExceeded('3'), last, new ccxt.RateLimitExceeded('never')]);
    await expect(retryWithBackoff(fn, defaultRetryPolicy, ports)).rejects.toBe(last);
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(sleeper.waits).toEqual([0, 263, 3022]);
  });

  it('gives up before a wait that would overrun maxElapsedMs, counting the time calls take', async () => {
    const { ports, sleeper, clock } = setup();
    const policy = RetryPolicySchema.parse({ maxAttempts: 10, maxElapsedMs: 4_000 });
    const reasons: string[] = [];
    let n = 0;
    const slowFail = (): Promise<never> => {
      n += 1;
      clock.advance(500); // each call takes 500 ms to time out
      return Promise.reject(new ccxt.RequestTimeout(`t${n}`));
    };
    // after call 1: elapsed 500, wait 0 → 500 ≤ 4000; after call 2: 1000, wait 263 → 1263 ≤ 4000;
    // after call 3: 1763 + 3022 = 4785 > 4000 → give up, three calls.
    await expect(retryWithBackoff(slowFail, policy, ports, { onGiveUp: (g) => reasons.push(g.reason) })).rejects.toMatchObject({ message: 't3' });
    expect(n).toBe(3);
    expect(sleeper.waits).toEqual([0, 263]);
    expect(reasons).toEqual([GiveUpReason.MaxElapsed]);
  });

  it('honours a longer Retry-After the adapter reads off the error', async () => {
    const { ports, sleeper } = setup();
    const withRetryAfter = Object.assign(new ccxt.RateLimitExceeded('429'), { retryAfterMs: 1_500 });
    const { fn } = flaky([withRetryAfter, withRetryAfter]);
    const retryAfterMs = (e: unknown): number | undefined => (e as { retryAfterMs?: number }).retryAfterMs;
    await retryWithBackoff(fn, defaultRetryPolicy, ports, { retryAfterMs });
    // max(0, 1500) = 1500; max(263, 1500) = 1500
    expect(sleeper.waits).toEqual([1500, 1500]);
  });

  it('does not retry an unknown outcome for a non-idempotent call, but does retry a refused one', async () => {
    const a = setup();
    const timeout = flaky([new ccxt.RequestTimeout('order may be live')]);
    await expect(retryWithBackoff(timeout.fn, defaultRetryPolicy, a.ports, { idempotent: false })).rejects.toBeInstanceOf(ccxt.RequestTimeout);
    expect(timeout.calls).toEqual([1]);

    const b = setup();
    const refused = flaky([new ccxt.RateLimitExceeded('429 before processing')]);
    await expect(retryWithBackoff(refused.fn, defaultRetryPolicy, b.ports, { idempotent: false })).resolves.toBe('ok');
    expect(refused.calls).toEqual([1, 2]);
  });

  it('reports each retry with its fault and wait', async () => {
    const { ports } = setup();
    const seen: [number, string, number][] = [];
    const { fn } = flaky([new ccxt.RateLimitExceeded('a'), new ccxt.RequestTimeout('b')]);
    await retryWithBackoff(fn, defaultRetryPolicy, ports, { onRetry: (r) => seen.push([r.attempt, r.fault.kind, r.delayMs]) });
    expect(seen).toEqual([
      [1, FaultKind.RateLimited, 0],
      [2, FaultKind.Timeout, 263],
    ]);
  });
});
