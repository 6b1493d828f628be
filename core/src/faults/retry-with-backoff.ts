import type { Clock } from '../ports/clock.js';
import type { ValueOf } from '../util/value-of.js';
import { type Fault, FaultOutcome, classifyFault } from './classify-fault.js';
import type { Random } from './random.js';
import { type RetryPolicy, fullJitterDelayMs } from './retry-policy.js';
import type { Sleeper } from './sleeper.js';

export interface RetryPorts {
  readonly clock: Clock;
  readonly sleeper: Sleeper;
  readonly random: Random;
}

export interface RetryAttempt {
  /** The attempt that failed (1 = the first try). */
  readonly attempt: number;
  readonly fault: Fault;
  readonly error: unknown;
  /** How long we wait before the next attempt. */
  readonly delayMs: number;
}

export const GiveUpReason = {
  NotRetryable: 'not_retryable',
  OutcomeUnknown: 'outcome_unknown',
  MaxAttempts: 'max_attempts',
  MaxElapsed: 'max_elapsed',
} as const;
export type GiveUpReason = ValueOf<typeof GiveUpReason>;

export interface RetryGiveUp {
  readonly attempt: number;
  readonly fault: Fault;
  readonly error: unknown;
  readonly reason: GiveUpReason;
}

export interface RetryOptions {
  /**
   * False for a call that must not run twice if the first may have landed (an order without a
   * venue-enforced client order id): faults whose outcome is unknown (timeout, 5xx) are then not
   * retried, and the caller looks the order up by client order id instead.
   */
  readonly idempotent?: boolean;
  readonly classify?: (err: unknown) => Fault;
  /** A wait the venue asked for (Retry-After), read off the error by the adapter; wins if longer. */
  readonly retryAfterMs?: (err: unknown) => number | undefined;
  readonly onRetry?: (a: RetryAttempt) => void;
  readonly onGiveUp?: (g: RetryGiveUp) => void;
}

/**
 * Run `fn` until it succeeds or the policy says stop; the last error is rethrown unchanged, so the
 * caller can classify it again. Waits are exponential with full jitter, taken through the Sleeper
 * port; elapsed time is read from the Clock port. No timers here.
 */
export async function retryWithBackoff<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, ports: RetryPorts, opts: RetryOptions = {}): Promise<T> {
  const classify = opts.classify ?? classifyFault;
  const idempotent = opts.idempotent ?? true;
  const started = ports.clock.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      const fault = classify(error);
      const giveUp = (reason: GiveUpReason): never => {
        opts.onGiveUp?.({ attempt, fault, error, reason });
        throw error;
      };
      if (!fault.retryable) giveUp(GiveUpReason.NotRetryable);
      if (!idempotent && fault.outcome === FaultOutcome.Unknown) giveUp(GiveUpReason.OutcomeUnknown);
      if (attempt >= policy.maxAttempts) giveUp(GiveUpReason.MaxAttempts);
      const jittered = fullJitterDelayMs(policy, attempt, ports.random.next());
      const asked = opts.retryAfterMs?.(error);
      const delayMs = asked !== undefined && asked > jittered ? Math.ceil(asked) : jittered;
      if (ports.clock.now() - started + delayMs > policy.maxElapsedMs) giveUp(GiveUpReason.MaxElapsed);
      opts.onRetry?.({ attempt, fault, error, delayMs });
      await ports.sleeper.sleep(delayMs);
    }
  }
}
