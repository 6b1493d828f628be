import { type Dec, ZERO, dec } from '../../execution/money.js';
import type { ValueOf } from '../../util/value-of.js';
import { DAY_MS, utcDay } from './forex-session.js';
import type { DrawdownConfig } from './portfolio-risk-config.js';

/** §2.2.5 Daily Drawdown Circuit Breaker levels. */
export const DrawdownLevel = {
  /** 0–2 %: normal operations. */
  Normal: 'normal',
  /** 2–3 %: log a warning, notify the user. */
  Alert: 'alert',
  /** 3–4 %: close the worst 50 % of positions. */
  Warning: 'warning',
  /** 4–5 %: close all positions. */
  Critical: 'critical',
  /** ≥ 5 %: close all and stop trading until midnight UTC. */
  CircuitBreaker: 'circuit_breaker',
} as const;
export type DrawdownLevel = ValueOf<typeof DrawdownLevel>;

export const drawdownLevelRank: Record<DrawdownLevel, number> = { normal: 0, alert: 1, warning: 2, critical: 3, circuit_breaker: 4 };

/**
 * The level of a loss of `loss` from `start` (both exact): compares loss ≥ start × threshold, so
 * no rounded division decides a boundary. Levels include their lower bound (exactly 3 % is warning).
 */
export function drawdownLevelFor(loss: Dec, start: Dec, cfg: DrawdownConfig): DrawdownLevel {
  if (loss.lte(0) || start.lte(0)) return DrawdownLevel.Normal;
  if (loss.gte(start.times(cfg.circuitBreakerPct))) return DrawdownLevel.CircuitBreaker;
  if (loss.gte(start.times(cfg.criticalPct))) return DrawdownLevel.Critical;
  if (loss.gte(start.times(cfg.warningPct))) return DrawdownLevel.Warning;
  if (loss.gte(start.times(cfg.alertPct))) return DrawdownLevel.Alert;
  return DrawdownLevel.Normal;
}

export interface DrawdownTransition {
  readonly from: DrawdownLevel;
  readonly to: DrawdownLevel;
}

export interface DrawdownSnapshot {
  /** UTC day number (days since 1970-01-01) the figures belong to; null before any reading. */
  readonly day: number | null;
  readonly dayStartEquity: Dec | null;
  readonly equity: Dec | null;
  /** Loss from the day's start as a fraction (0 when up on the day). */
  readonly drawdown: Dec;
  readonly level: DrawdownLevel;
  readonly breakerTrippedAt: number | null;
}

/**
 * "Track total P&L from session start (midnight UTC reset)": drawdown is measured against the
 * equity at the start of the UTC day (the document's "Starting Capital"), not a running high. The
 * day's start equity is the last reading before midnight (the equity at the reset), or the day's
 * first reading when there was none. The breaker latches: once 5 % is reached the level stays
 * `circuit_breaker` until the next midnight UTC, whatever the equity does.
 */
export class DailyDrawdown {
  private day: number | null = null;
  private start: Dec | null = null;
  private last: Dec | null = null;
  private lvl: DrawdownLevel = DrawdownLevel.Normal;
  private trippedAt: number | null = null;

  constructor(private readonly cfg: DrawdownConfig) {}

  /** Move to `ts`'s UTC day if it is later; returns true when this reset the day. */
  roll(ts: number): boolean {
    const d = utcDay(ts);
    if (this.day === null || d <= this.day) return false;
    this.day = d;
    this.start = this.last;
    this.lvl = DrawdownLevel.Normal;
    this.trippedAt = null;
    return true;
  }

  /** Take an equity reading; returns the level change it caused (from === to when none). */
  observe(equity: Dec, ts: number): DrawdownTransition {
    if (this.day === null) this.day = utcDay(ts);
    else this.roll(ts);
    if (this.start === null) this.start = equity;
    this.last = equity;
    const from = this.lvl;
    const fresh = drawdownLevelFor(this.start.minus(equity), this.start, this.cfg);
    const to = from === DrawdownLevel.CircuitBreaker ? from : fresh;
    if (to === DrawdownLevel.CircuitBreaker && this.trippedAt === null) this.trippedAt = ts;
    this.lvl = to;
    return { from, to };
  }

  get level(): DrawdownLevel {
    return this.lvl;
  }

  get currentDay(): number | null {
    return this.day;
  }

  /** Midnight UTC ending the current day (epoch ms), null before any reading. */
  get resetsAt(): number | null {
    return this.day === null ? null : (this.day + 1) * DAY_MS;
  }

  get breakerTrippedAt(): number | null {
    return this.trippedAt;
  }

  snapshot(): DrawdownSnapshot {
    const drawdown = this.start !== null && this.last !== null && this.start.gt(0) && this.last.lt(this.start) ? this.start.minus(this.last).div(this.start) : ZERO;
    return { day: this.day, dayStartEquity: this.start, equity: this.last, drawdown, level: this.lvl, breakerTrippedAt: this.trippedAt };
  }

  /** Reload persisted state (risk_state/current) after a restart so a tripped breaker stays tripped. */
  restore(s: { day: number | null; dayStartEquity: string | null; equity: string | null; level: DrawdownLevel; breakerTrippedAt: number | null }): void {
    this.day = s.day;
    this.start = s.dayStartEquity === null ? null : dec(s.dayStartEquity);
    this.last = s.equity === null ? null : dec(s.equity);
    this.lvl = s.level;
    this.trippedAt = s.breakerTrippedAt;
  }
}
