import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy } from '@cascade/core';
import { DEFAULT_MAX_ENTRY_REPLACE_AGE_MS, DEFAULT_RECOVERY_WINDOW_MS, TRADING_FUNCTION_TIMEOUT_S } from './live-options.js';

describe('the recovery window (issue 11 #9)', () => {
  it('is strictly longer than the retry budget plus the function timeout', () => {
    expect(DEFAULT_RECOVERY_WINDOW_MS).toBeGreaterThan(defaultRetryPolicy.maxElapsedMs + TRADING_FUNCTION_TIMEOUT_S * 1_000);
  });

  it('is 130 s with the documented numbers: §12.3 retries give up after 60 s, Cloud Functions time out at 60 s, ccxt sends Binance a 10 s recvWindow', () => {
    expect(DEFAULT_RECOVERY_WINDOW_MS).toBe(60_000 + 60_000 + 10_000);
    expect(DEFAULT_MAX_ENTRY_REPLACE_AGE_MS).toBe(260_000);
  });
});
