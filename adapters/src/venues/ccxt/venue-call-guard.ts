import type { Exchange } from 'ccxt';
import { type CircuitBreaker, FaultKind, type RetryPolicy, type RetryPorts, type VenueOp, classifyFault, retryWithBackoff } from '@cascade/core';
import type { VenueEvent } from './ccxt-venue-options.js';
import { VenueCircuitOpenError } from './venue-errors.js';

const text = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * How every call of a `CcxtVenue` reaches its venue: the breaker decides whether the call may go out
 * (`VenueOp` Entry / Exit / Call, see README) and counts its outcome; `retryWithBackoff` retries
 * network faults and rate limits (waiting at least the Retry-After the venue sent), never rejections.
 * Retries and give-ups are reported as `VenueEvent`s.
 */
export class VenueCallGuard {
  constructor(
    private readonly venueId: string,
    private readonly breaker: CircuitBreaker,
    /** Read for the Retry-After header of the response ccxt just read. */
    private readonly client: Exchange,
    private readonly policy: RetryPolicy,
    private readonly ports: RetryPorts,
    private readonly onEvent?: (e: VenueEvent) => void,
  ) {}

  /** Runs `fn` (one attempt at the call `what`) under the breaker for `op`, retried per the policy. */
  async run<T>(op: VenueOp, what: string, fn: () => Promise<T>): Promise<T> {
    return retryWithBackoff(
      async () => {
        if (!this.breaker.permits(op)) throw new VenueCircuitOpenError(this.venueId, op, this.breaker.state());
        try {
          const r = await fn();
          this.breaker.recordSuccess();
          return r;
        } catch (e) {
          this.breaker.recordFailure(e);
          throw e;
        }
      },
      this.policy,
      this.ports,
      {
        retryAfterMs: (e) => this.retryAfterMs(e),
        onRetry: (a) => this.onEvent?.({ type: 'retry', what, attempt: a.attempt, fault: a.fault.kind, delayMs: a.delayMs, error: text(a.error) }),
        onGiveUp: (g) => this.onEvent?.({ type: 'give_up', what, attempt: g.attempt, reason: g.reason, error: text(g.error) }),
      },
    );
  }

  /** The Retry-After of a 429/418 (seconds, per RFC 9110), from the response ccxt just read. */
  private retryAfterMs(e: unknown): number | undefined {
    if (classifyFault(e).kind !== FaultKind.RateLimited) return undefined;
    const headers = this.client.last_response_headers;
    const v = headers?.['Retry-After'] ?? headers?.['retry-after'];
    const secs = v === undefined ? NaN : Number(v);
    return Number.isFinite(secs) && secs >= 0 ? secs * 1_000 : undefined;
  }
}
