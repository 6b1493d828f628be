import { type Clock, ManualClock } from '@cascade/core';
import { RiskTime } from './risk-ports.js';

/**
 * Risk time and the ticks that drive the manager's timed checks (drawdown, breaker reset at the UTC
 * day roll, max hold, close retries):
 * - live (`RiskTime.Wall`): the wall clock, and a `tick` every `tickMs` from a real interval;
 * - replays (`RiskTime.Tape`): a clock set by the trades themselves, ticking once per tape second
 *   before the first trade of that second, so a replay decides the same at any speed.
 */
export class RiskTimers {
  /** Tape time (replays only). */
  private readonly tape: ManualClock | null;
  private lastTickAt = Number.NEGATIVE_INFINITY;
  private interval: ReturnType<typeof setInterval> | null = null;

  constructor(
    time: RiskTime,
    private readonly wall: Clock,
    readonly tickMs: number,
  ) {
    this.tape = time === RiskTime.Tape ? new ManualClock(0) : null;
  }

  get onTape(): boolean {
    return this.tape !== null;
  }

  /** The clock the manager decides on. */
  get riskClock(): Clock {
    return this.tape ?? this.wall;
  }

  /** Risk time: the wall clock live, the newest trade's time in replays. */
  now(): number {
    return this.tape ? this.tape.now() : this.wall.now();
  }

  /** A tick ran at `now`. */
  ticked(now: number): void {
    this.lastTickAt = Math.max(this.lastTickAt, now);
  }

  /** Replays: ticks on the trade's tape second when it is a new one, then moves tape time to the trade. */
  async beforeTrade(ts: number, tick: (now: number) => Promise<void>): Promise<void> {
    if (!this.tape) return;
    const boundary = Math.floor(ts / this.tickMs) * this.tickMs;
    if (boundary > this.lastTickAt) {
      if (boundary > this.tape.now()) this.tape.set(boundary);
      await tick(boundary);
    }
    if (ts > this.tape.now()) this.tape.set(ts);
  }

  /** Live: `tick` every `tickMs` of wall time until `stop`. The timer does not keep the process alive. */
  start(tick: () => void): void {
    if (this.tape || this.interval) return;
    this.interval = setInterval(tick, this.tickMs);
    this.interval.unref?.();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
  }
}

/** Deferred work on a real timer that does not keep the process alive; returns its cancel. */
export const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};
