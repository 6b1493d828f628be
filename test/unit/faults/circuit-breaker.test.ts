import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { ManualClock, type BreakerTransition, BreakerState, CircuitBreaker, CircuitBreakerConfigSchema, VenueOp } from '@cascade/core';

const T0 = 1_700_000_000_000;

function breaker(overrides: Record<string, number> = {}) {
  const clock = new ManualClock(T0);
  const events: BreakerTransition[] = [];
  const cfg = CircuitBreakerConfigSchema.parse(overrides);
  return { clock, events, b: new CircuitBreaker('binance', cfg, clock, (t) => events.push(t)) };
}

const net = (): Error => new ccxt.NetworkError('ECONNRESET');

describe('CircuitBreaker', () => {
  it('defaults to §12.3: threshold 5, cooldown 60 s', () => {
    expect(CircuitBreakerConfigSchema.parse(undefined)).toEqual({ failureThreshold: 5, windowMs: 60_000, cooldownMs: 60_000, halfOpenSuccesses: 2 });
  });

  it('opens on the 5th failure within the window and then pauses new entries', () => {
    const { b, clock, events } = breaker();
    for (let i = 0; i < 4; i += 1) {
      expect(b.recordFailure(net())).toBe(true);
      clock.advance(10_000);
    }
    expect(b.state()).toBe(BreakerState.Closed);
    expect(b.permits(VenueOp.Entry)).toBe(true);
    b.recordFailure(new ccxt.RateLimitExceeded('429')); // t0+40 s: five failures within 60 s
    expect(b.state()).toBe(BreakerState.Open);
    expect(b.permits(VenueOp.Entry)).toBe(false);
    expect(b.permits(VenueOp.Call)).toBe(false);
    expect(b.permits(VenueOp.Exit)).toBe(true);
    expect(events).toEqual([{ venue: 'binance', from: 'closed', to: 'open', at: T0 + 40_000, reason: '5 failures within 60000 ms (last: RateLimitExceeded)', failuresInWindow: 5 }]);
  });

  it('forgets failures older than the window', () => {
    const { b, clock } = breaker();
    // failures at 0, 20, 40, 60, 80 s: at 80 s the one at 0 and 20 s are ≥ 60 s old → 3 in window
    for (let i = 0; i < 5; i += 1) {
      b.recordFailure(net());
      clock.advance(20_000);
    }
    expect(b.state()).toBe(BreakerState.Closed);
    expect(b.snapshot().failuresInWindow).toBe(2); // now t=100 s: failures at 60, 80 s
  });

  it('does not count rejections or bugs: the venue is healthy when it says no', () => {
    const { b } = breaker({ failureThreshold: 1 });
    expect(b.recordFailure(new ccxt.InvalidOrder('min notional'))).toBe(false);
    expect(b.recordFailure(new ccxt.InsufficientFunds('x'))).toBe(false);
    expect(b.recordFailure(new TypeError('bug'))).toBe(false);
    expect(b.state()).toBe(BreakerState.Closed);
  });

  it('half-opens after the cooldown, closes after 2 successes', () => {
    const { b, clock, events } = breaker({ failureThreshold: 2 });
    b.recordFailure(net());
    b.recordFailure(net()); // opens at T0
    clock.advance(59_999);
    expect(b.state()).toBe(BreakerState.Open);
    clock.advance(1);
    expect(b.state()).toBe(BreakerState.HalfOpen);
    expect(b.permits(VenueOp.Call)).toBe(true); // probes go through
    expect(b.permits(VenueOp.Entry)).toBe(false); // entries wait for closed
    b.recordSuccess();
    expect(b.state()).toBe(BreakerState.HalfOpen);
    clock.advance(1_000);
    b.recordSuccess();
    expect(b.state()).toBe(BreakerState.Closed);
    expect(b.permits(VenueOp.Entry)).toBe(true);
    expect(events.map((e) => [e.from, e.to, e.at - T0])).toEqual([
      ['closed', 'open', 0],
      ['open', 'half_open', 60_000],
      ['half_open', 'closed', 61_000],
    ]);
    expect(b.snapshot()).toMatchObject({ state: 'closed', failuresInWindow: 0, openedAt: null });
  });

  it('reopens on a failure in half-open and restarts the cooldown', () => {
    const { b, clock, events } = breaker({ failureThreshold: 1, cooldownMs: 30_000 });
    b.recordFailure(net()); // open at T0
    clock.advance(30_000);
    b.recordSuccess(); // half-open (1 of 2)
    b.recordFailure(new ccxt.RequestTimeout('t')); // back to open at T0+30 s
    expect(b.state()).toBe(BreakerState.Open);
    clock.advance(29_999);
    expect(b.state()).toBe(BreakerState.Open);
    clock.advance(1);
    expect(b.state()).toBe(BreakerState.HalfOpen);
    // the success before the reopen does not count toward closing
    b.recordSuccess();
    expect(b.state()).toBe(BreakerState.HalfOpen);
    expect(events.map((e) => e.to)).toEqual(['open', 'half_open', 'open', 'half_open']);
  });

  it('ignores successes and failures while open', () => {
    const { b, events } = breaker({ failureThreshold: 1 });
    b.recordFailure(net());
    b.recordSuccess();
    expect(b.recordFailure(net())).toBe(false);
    expect(b.state()).toBe(BreakerState.Open);
    expect(events).toHaveLength(1);
  });
});
