import { type Dec, ZERO, dec } from '../../execution/money.js';
import type { ValueOf } from '../../util/value-of.js';
import { divDown } from './exact-division.js';
import type { RiskSizing } from './risk-sizing-config.js';

export const MarginAction = {
  Ok: 'ok',
  /** Buffer between the reduce level and the minimum: hold, but open nothing that posts margin. */
  NoNewEntries: 'no_new_entries',
  /** Below the reduce level: free `marginToFree` to get back to the minimum buffer. */
  Reduce: 'reduce',
} as const;
export type MarginAction = ValueOf<typeof MarginAction>;

export interface MarginBufferAssessment {
  /** (equity − used margin) / equity, floored to 6 places for display; decisions use exact products. */
  readonly buffer: Dec;
  readonly action: MarginAction;
  /** Margin to release (close or shrink positions) to restore `minMarginBufferPct`; 0 unless reducing. */
  readonly marginToFree: Dec;
}

/**
 * §2.7.1.1 liquidation prevention: buffer = share of equity not posted as margin. ≥ 50 % is healthy;
 * below 30 % the position size must come down. Account-wide: margin is pledged against the account.
 */
export function assessMarginBuffer(equity: Dec, usedMargin: Dec, cfg: RiskSizing): MarginBufferAssessment {
  if (equity.lte(0)) return { buffer: ZERO, action: usedMargin.gt(0) ? MarginAction.Reduce : MarginAction.NoNewEntries, marginToFree: usedMargin };
  const allowedAtMin = equity.times(dec(1).minus(dec(cfg.minMarginBufferPct)));
  const allowedAtReduce = equity.times(dec(1).minus(dec(cfg.reduceMarginBufferPct)));
  const free = equity.minus(usedMargin);
  const buffer = free.lte(0) ? ZERO : divDown(free, equity, 6);
  if (usedMargin.gt(allowedAtReduce)) return { buffer, action: MarginAction.Reduce, marginToFree: usedMargin.minus(allowedAtMin) };
  if (usedMargin.gt(allowedAtMin)) return { buffer, action: MarginAction.NoNewEntries, marginToFree: ZERO };
  return { buffer, action: MarginAction.Ok, marginToFree: ZERO };
}
