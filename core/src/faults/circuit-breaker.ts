import { z } from 'zod';
import type { Clock } from '../ports/clock.js';
import type { ValueOf } from '../util/value-of.js';
import { classifyFault } from './classify-fault.js';

export const BreakerState = {
  Closed: 'closed',
  Open: 'open',
  HalfOpen: 'half_open',
} as const;
export type BreakerState = ValueOf<typeof BreakerState>;

/** What a caller is about to do at the venue; the breaker gates each differently. */
export const VenueOp = {
  /** Opening a new position: only while closed. */
  Entry: 'entry',
  /** Reads, cancels, stop moves: not while open; in half-open they are the probes. */
  Call: 'call',
  /** Closing a position: never held back by us (protection beats politeness; retries back off). */
  Exit: 'exit',
} as const;
export type VenueOp = ValueOf<typeof VenueOp>;

export const CircuitBreakerConfigSchema = z
  .strictObject({
    /** §12.3 CircuitBreaker(failure_threshold=5). */
    failureThreshold: z.number().int().min(1).max(1_000).default(5),
    /** Failures older than this no longer count: five blips an hour apart are not an outage. */
    windowMs: z.number().int().min(1_000).default(60_000),
    /** §12.3 cooldown_seconds=60 before trying again (half-open). */
    cooldownMs: z.number().int().min(1_000).default(60_000),
    /** Successes in half-open before closing; two, so one lucky call does not reopen the floodgates. */
    halfOpenSuccesses: z.number().int().min(1).max(100).default(2),
  })
  .prefault({});
export type CircuitBreakerConfig = z.infer<typeof CircuitBreakerConfigSchema>;

export interface BreakerTransition {
  readonly venue: string;
  readonly from: BreakerState;
  readonly to: BreakerState;
  /** Clock time of the transition (for open → half-open: when the cooldown ended). */
  readonly at: number;
  readonly reason: string;
  readonly failuresInWindow: number;
}

export interface BreakerSnapshot {
  readonly venue: string;
  readonly state: BreakerState;
  readonly failuresInWindow: number;
  readonly openedAt: number | null;
  readonly halfOpenAt: number | null;
}

/**
 * One per venue. closed → open after `failureThreshold` counted failures within `windowMs`;
 * open → half-open once `cooldownMs` has passed (checked lazily against the Clock, no timers);
 * half-open → closed after `halfOpenSuccesses` successes, → open again on any counted failure.
 * Only failures that say something about the venue's health count: ccxt's OperationFailed branch
 * (network, rate limit, timeout, 5xx, bad response). A rejected order or an unknown bug does not.
 * Every transition goes to `onTransition`, which the adapter turns into an event and an alert.
 */
export class CircuitBreaker {
  private current: BreakerState = BreakerState.Closed;
  private failures: number[] = [];
  private openedAt: number | null = null;
  private halfOpenOk = 0;

  constructor(
    readonly venue: string,
    private readonly config: CircuitBreakerConfig,
    private readonly clock: Clock,
    private readonly onTransition: (t: BreakerTransition) => void = () => undefined,
  ) {}

  /** The state now; may move open → half-open if the cooldown has passed. */
  state(): BreakerState {
    if (this.current === BreakerState.Open && this.openedAt !== null) {
      const halfOpenAt = this.openedAt + this.config.cooldownMs;
      if (this.clock.now() >= halfOpenAt) {
        this.halfOpenOk = 0;
        this.move(BreakerState.HalfOpen, halfOpenAt, `cooldown of ${this.config.cooldownMs} ms over`);
      }
    }
    return this.current;
  }

  permits(op: VenueOp): boolean {
    const s = this.state();
    if (op === VenueOp.Exit) return true;
    if (op === VenueOp.Entry) return s === BreakerState.Closed;
    return s !== BreakerState.Open;
  }

  recordSuccess(): void {
    if (this.state() !== BreakerState.HalfOpen) return;
    this.halfOpenOk += 1;
    if (this.halfOpenOk >= this.config.halfOpenSuccesses) {
      this.failures = [];
      this.openedAt = null;
      this.move(BreakerState.Closed, this.clock.now(), `${this.halfOpenOk} successes in half-open`);
    }
  }

  /** Returns whether the failure counted (a venue-health fault while closed or half-open). */
  recordFailure(err: unknown): boolean {
    const fault = classifyFault(err);
    if (!fault.retryable) return false;
    const s = this.state();
    if (s === BreakerState.Open) return false;
    const now = this.clock.now();
    this.failures = this.failures.filter((t) => t > now - this.config.windowMs);
    this.failures.push(now);
    if (s === BreakerState.HalfOpen) {
      this.trip(now, `${fault.matched} in half-open`);
    } else if (this.failures.length >= this.config.failureThreshold) {
      this.trip(now, `${this.failures.length} failures within ${this.config.windowMs} ms (last: ${fault.matched})`);
    }
    return true;
  }

  snapshot(): BreakerSnapshot {
    const state = this.state();
    const now = this.clock.now();
    return {
      venue: this.venue,
      state,
      failuresInWindow: this.failures.filter((t) => t > now - this.config.windowMs).length,
      openedAt: this.openedAt,
      halfOpenAt: this.openedAt === null ? null : this.openedAt + this.config.cooldownMs,
    };
  }

  private trip(now: number, reason: string): void {
    this.openedAt = now;
    this.halfOpenOk = 0;
    this.move(BreakerState.Open, now, reason);
  }

  private move(to: BreakerState, at: number, reason: string): void {
    const from = this.current;
    this.current = to;
    this.onTransition({ venue: this.venue, from, to, at, reason, failuresInWindow: this.failures.length });
  }
}
