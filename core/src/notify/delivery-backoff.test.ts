import { describe, expect, it } from 'vitest';
import { deliveryBackoffMs, isRetryableStatus } from './delivery-backoff.js';

describe('delivery backoff', () => {
  it('doubles from 0.5 s and stops at 8 s', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => deliveryBackoffMs(n))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('honours a longer Retry-After up to the cap, never a shorter one', () => {
    expect(deliveryBackoffMs(1, undefined, 3000)).toBe(3000);
    expect(deliveryBackoffMs(3, undefined, 100)).toBe(2000);
    expect(deliveryBackoffMs(1, undefined, 60_000)).toBe(8000);
  });

  it('retries timeouts, rate limits and server errors, not the receiver’s other refusals', () => {
    expect([408, 425, 429, 500, 502, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 422].some(isRetryableStatus)).toBe(false);
  });
});
