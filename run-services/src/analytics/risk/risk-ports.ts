import type { Clock, MessageOf, PortfolioRiskConfigInput, PositionMonitor, RiskPositionInput, RiskState, Topic, ValueOf } from '@cascade/core';

export type RiskPublish = <T extends Topic>(topic: T, message: MessageOf<T>) => Promise<void>;

/** The paper ledger as of one instant: realized P&L and the positions open at that instant agree. */
export interface LedgerSnapshot {
  /** Net realized P&L in quote currency by UTC day `YYYY-MM-DD`, for the days read. */
  readonly realized: Readonly<Record<string, string>>;
  readonly open: readonly RiskPositionInput[];
}

export interface LedgerPort {
  /** `day` = one `portfolio/{day}` document; null = every day (start-up). */
  read(day: string | null): Promise<LedgerSnapshot>;
}

export interface RiskServicePorts {
  readonly publish: RiskPublish;
  /** Stores `risk_state/current`. */
  readonly writeState: (state: RiskState) => Promise<void>;
  /** Wall clock: risk time when live, message `tsInit`, and the write throttle. */
  readonly clock: Clock;
  /** Paper ledger reads; without one equity is the starting equity plus open positions' P&L. */
  readonly ledger?: LedgerPort;
  /** The last stored state, restored at start when live (a tripped breaker survives a restart). */
  readonly readState?: () => Promise<RiskState | null>;
  /** Deferred work (a throttled write); defaults to setTimeout. Returns a cancel function. */
  readonly schedule?: (fn: () => void, ms: number) => () => void;
  readonly log?: (line: string) => void;
}

export const RiskTime = {
  /** Live: `tick` every second on the wall clock. */
  Wall: 'wall',
  /** Replays: risk time is the newest trade's time and ticks on each tape second, so a replay decides the same at any speed. */
  Tape: 'tape',
} as const;
export type RiskTime = ValueOf<typeof RiskTime>;

export interface RiskServiceOptions {
  readonly config?: PortfolioRiskConfigInput;
  /** Paper equity before any realized P&L (quote currency, exact). */
  readonly startingEquity: string;
  readonly time: RiskTime;
  /** The analytics service's exit monitor: risk tightens its trails and takes over positions it closes. */
  readonly monitor?: Pick<PositionMonitor, 'tighten' | 'forget'>;
  /**
   * Replays: every batch and trading event returns only once the entry decisions it changed are in
   * `risk_state/current` (see `RiskStateWrites.flush`), and `closeApplied` can be waited on.
   */
  readonly settleWrites?: boolean;
  /** Writes of `risk_state/current` are at least this far apart (wall ms). */
  readonly minWriteIntervalMs?: number;
  /** With no decision changed, the figures are still refreshed this often (wall ms). */
  readonly refreshMs?: number;
  readonly tickMs?: number;
  /** Live only: start the 1-s timer in `begin` (tests drive `tick` themselves). Default true. */
  readonly autoTick?: boolean;
}

export interface RiskCounters {
  riskExits: number;
  tightened: number;
  notifications: number;
  stateWrites: number;
  writeErrors: number;
  publishErrors: number;
  ledgerErrors: number;
  otherVenueBatches: number;
}

export function newRiskCounters(): RiskCounters {
  return { riskExits: 0, tightened: 0, notifications: 0, stateWrites: 0, writeErrors: 0, publishErrors: 0, ledgerErrors: 0, otherVenueBatches: 0 };
}
