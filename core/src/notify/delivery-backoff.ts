/** How long an outbound channel (webhook, Telegram, Discord) waits between attempts. */
export interface DeliveryBackoff {
  /** Wait after the first failed attempt. */
  readonly baseMs: number;
  readonly factor: number;
  /** No single wait longer than this, whatever the attempt or the receiver's Retry-After. */
  readonly capMs: number;
}

/**
 * 0.5 s, 1 s, 2 s, 4 s, then 8 s: ten attempts (the schema's maximum) wait 47.5 s in all, which keeps
 * a dead receiver inside one function invocation (timeout set to 300 s for notify).
 */
export const defaultDeliveryBackoff: DeliveryBackoff = { baseMs: 500, factor: 2, capMs: 8_000 };

/**
 * The wait after attempt `failedAttempt` (1-based) failed: exponential, capped. A receiver's own
 * Retry-After wins when it is longer, up to the cap. Deterministic: the delivery is one caller per
 * event, so jitter would buy nothing.
 */
export function deliveryBackoffMs(failedAttempt: number, policy: DeliveryBackoff = defaultDeliveryBackoff, retryAfterMs?: number): number {
  const exp = Math.min(policy.capMs, policy.baseMs * policy.factor ** (failedAttempt - 1));
  return Math.min(policy.capMs, Math.max(exp, retryAfterMs ?? 0));
}

/**
 * Whether a receiver's HTTP answer may be different next time: timeouts, rate limits and server
 * errors are; any other 4xx (bad URL, auth, payload) is the receiver's final word.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}
