import { z } from 'zod';

/**
 * How hard to retry a venue call. Defaults are §12.3's `retry_with_backoff(max_retries=3,
 * initial_delay=1.0, backoff_factor=2.0)`; the caps keep a long outage from parking a function.
 */
export const RetryPolicySchema = z
  .strictObject({
    /** First try + §12.3's 3 retries. */
    maxAttempts: z.number().int().min(1).max(20).default(4),
    /** §12.3 initial_delay 1.0 s: the ceiling of the first wait. */
    baseDelayMs: z.number().int().min(1).max(60_000).default(1_000),
    /** §12.3 backoff_factor 2.0: each wait's ceiling doubles. */
    factor: z.number().min(1).max(10).default(2),
    /** No single wait's ceiling above 30 s, whatever the attempt. */
    maxDelayMs: z.number().int().min(1).max(600_000).default(30_000),
    /** Give up rather than start a wait that would end more than 60 s after the first try began. */
    maxElapsedMs: z.number().int().min(0).max(3_600_000).default(60_000),
  })
  .refine((p) => p.maxDelayMs >= p.baseDelayMs, { message: 'maxDelayMs must be ≥ baseDelayMs', path: ['maxDelayMs'] });
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

export const defaultRetryPolicy: RetryPolicy = RetryPolicySchema.parse({});

/** Ceiling of the wait before retry `n` (n = 1 for the first retry): min(max, base · factor^(n−1)). */
export function backoffCeilingMs(policy: RetryPolicy, n: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (n - 1));
}

/**
 * "Full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): wait a uniform
 * draw in [0, ceiling), so clients that failed together do not retry together. Whole milliseconds.
 */
export function fullJitterDelayMs(policy: RetryPolicy, n: number, draw: number): number {
  return Math.floor(draw * backoffCeilingMs(policy, n));
}
