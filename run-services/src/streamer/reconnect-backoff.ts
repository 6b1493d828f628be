import { type Random, type RetryPolicy, RetryPolicySchema, classifyFault, fullJitterDelayMs } from '@cascade/core';

/**
 * How long a live stream waits before it reconnects (after a failed `loadMarkets` or `watchTrades`):
 * full jitter under a ceiling doubling from `initialMs`, capped at `maxMs`, reset by a successful call.
 */
export interface ReconnectBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const defaultReconnectBackoff: ReconnectBackoff = { initialMs: 500, maxMs: 30_000 };

/** Reconnects never give up: only the delay ceiling is taken from the policy. */
export function reconnectPolicy(backoff: ReconnectBackoff): RetryPolicy {
  return RetryPolicySchema.parse({ baseDelayMs: backoff.initialMs, maxDelayMs: backoff.maxMs, factor: 2 });
}

/** The wait after the `failures`-th failure in a row; a fault ccxt does not class as transient waits the cap. */
export function reconnectDelayMs(policy: RetryPolicy, failures: number, error: unknown, random: Random): number {
  return classifyFault(error).retryable ? fullJitterDelayMs(policy, failures, random.next()) : policy.maxDelayMs;
}
