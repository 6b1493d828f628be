import type { Severity } from '../../config/notification-settings.js';
import type { ValueOf } from '../../util/value-of.js';
import type { DumpFiring } from './dump-signal.js';

/** §2.2.5 "Portfolio Risk Manager emits", plus the level changes the console and notifier need. */
export const RiskEvent = {
  DumpDetected: 'risk.dump_detected',
  PortfolioHealthDegraded: 'risk.health_degraded',
  ForceExitRequired: 'risk.force_exit_required',
  CorrelatedDumpDetected: 'risk.correlated_dump_detected',
  CircuitBreakerTriggered: 'risk.circuit_breaker_triggered',
  MaxHoldTimeExceeded: 'risk.max_hold_exceeded',
  DrawdownLevelChanged: 'risk.drawdown_level_changed',
  ForexSessionClosed: 'risk.forex_session_closed',
  DailyReset: 'risk.daily_reset',
} as const;
export type RiskEvent = ValueOf<typeof RiskEvent>;

/** Why the risk manager wants a position closed. */
export const CloseReason = {
  Dump: 'dump',
  CorrelatedDump: 'correlated_dump',
  HealthCritical: 'health_critical',
  DrawdownWarning: 'drawdown_warning',
  DrawdownCritical: 'drawdown_critical',
  CircuitBreaker: 'circuit_breaker',
  MaxHold: 'max_hold',
  ForexSessionClose: 'forex_session_close',
} as const;
export type CloseReason = ValueOf<typeof CloseReason>;

/** Why new entries are refused. */
export const BlockReason = {
  /** Drawdown ≥ 5 %: until midnight UTC. */
  CircuitBreaker: 'circuit_breaker',
  /** Drawdown ≥ 4 %: while it lasts (today). */
  DrawdownCritical: 'drawdown_critical',
  /** Health score < 70. */
  HealthCaution: 'health_caution',
  /** Forex only: Friday 23:30 GMT until the reopen. */
  ForexSessionClosed: 'forex_session_closed',
} as const;
export type BlockReason = ValueOf<typeof BlockReason>;

export const EntryScope = {
  All: 'all',
  Forex: 'forex',
} as const;
export type EntryScope = ValueOf<typeof EntryScope>;

/** The notifier's severities (critical at once, warnings throttled, info in the digest). */
export type RiskSeverity = ValueOf<typeof Severity>;

export type RiskValues = Readonly<Record<string, number | string | null>>;

export interface ClosePositionAction {
  readonly type: 'close_position';
  readonly positionId: string;
  readonly symbol: string;
  readonly reason: CloseReason;
  /** The document's event for this exit (every close is also a ForceExitRequired). */
  readonly event: RiskEvent;
  readonly detail: string;
  readonly values: RiskValues;
  /** The dump rules that fired, for `reason: 'dump'`. */
  readonly signals?: readonly DumpFiring[];
  /** True when this repeats a close that was not confirmed within `closeRetryMs`. */
  readonly retry?: boolean;
}

export interface BlockEntriesAction {
  readonly type: 'block_entries';
  readonly reason: BlockReason;
  readonly scope: EntryScope;
  readonly detail: string;
  /** When the block lifts by itself (epoch ms), null when it lifts on a condition. */
  readonly until: number | null;
}

export interface UnblockEntriesAction {
  readonly type: 'unblock_entries';
  readonly reason: BlockReason;
  readonly scope: EntryScope;
}

export interface TightenTrailsAction {
  readonly type: 'tighten_trails';
  /** New trailing distance as a fraction (0.003 = 0.3 %), as `TrailingStop.pct`; never loosens a tighter trail. */
  readonly pct: number;
  readonly positionIds: readonly string[];
  readonly reason: 'health_warning' | 'moderate_correlation';
  readonly detail: string;
}

export interface NotifyAction {
  readonly type: 'notify';
  readonly event: RiskEvent;
  readonly severity: RiskSeverity;
  readonly detail: string;
  readonly values: RiskValues;
}

export type RiskAction = ClosePositionAction | BlockEntriesAction | UnblockEntriesAction | TightenTrailsAction | NotifyAction;
