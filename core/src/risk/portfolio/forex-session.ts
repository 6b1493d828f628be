import type { ForexSessionConfig } from './portfolio-risk-config.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** 1970-01-04T00:00:00Z, the first Sunday of the epoch: weeks are counted from it. */
const FIRST_SUNDAY_MS = 3 * DAY_MS;

const mod = (a: number, m: number): number => ((a % m) + m) % m;

/**
 * Milliseconds since Sunday 00:00 UTC. Pure arithmetic on epoch ms: GMT/UTC has no daylight saving
 * and no time zone is consulted, so London's or New York's clock change cannot move the boundary.
 */
export function msOfWeekUtc(ts: number): number {
  return mod(ts - FIRST_SUNDAY_MS, WEEK_MS);
}

/** 0 = Sunday … 6 = Saturday, in UTC. */
export function utcWeekday(ts: number): number {
  return Math.floor(msOfWeekUtc(ts) / DAY_MS);
}

/** The UTC day number (days since 1970-01-01): the drawdown day changes exactly at 00:00 UTC. */
export function utcDay(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

function boundaries(cfg: ForexSessionConfig): { close: number; reopen: number } {
  return {
    close: cfg.closeWeekday * DAY_MS + cfg.closeMinuteUtc * MINUTE_MS,
    reopen: cfg.reopenWeekday * DAY_MS + cfg.reopenMinuteUtc * MINUTE_MS,
  };
}

/**
 * True from Friday 23:30 GMT (inclusive) until the reopen (exclusive, Monday 00:00 GMT by default):
 * forex positions are force-closed and new forex entries refused (§2.2.5 forex sessions, §1.4 hours).
 */
export function isForexSessionClosed(ts: number, cfg: ForexSessionConfig): boolean {
  if (!cfg.enabled) return false;
  const x = msOfWeekUtc(ts);
  const { close, reopen } = boundaries(cfg);
  return close < reopen ? x >= close && x < reopen : x >= close || x < reopen;
}

/** When a closed forex session reopens (epoch ms), or null when it is open at `ts`. */
export function forexReopensAt(ts: number, cfg: ForexSessionConfig): number | null {
  if (!isForexSessionClosed(ts, cfg)) return null;
  return ts + mod(boundaries(cfg).reopen - msOfWeekUtc(ts), WEEK_MS);
}

/** The next forced close at or after `ts` (epoch ms). */
export function nextForexCloseAt(ts: number, cfg: ForexSessionConfig): number {
  return ts + mod(boundaries(cfg).close - msOfWeekUtc(ts), WEEK_MS);
}
