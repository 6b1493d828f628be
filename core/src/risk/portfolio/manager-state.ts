import type { CorrelationBook } from './correlation-book.js';
import type { DailyDrawdown } from './daily-drawdown.js';
import type { DumpDetector } from './dump-detector.js';
import type { HealthBand, HealthScore } from './health-score.js';
import type { LeaderDumpMonitor } from './leader-dump.js';
import type { PortfolioRiskConfig } from './portfolio-risk-config.js';
import type { BlockReason, CloseReason, RiskEvent, RiskValues } from './risk-action.js';
import type { RiskPosition } from './risk-position.js';

/*
 * Internal to PortfolioRiskManager, like the rule modules that take this state (close-requests,
 * entry-blocks, drawdown-actions, health-actions, correlated-dump-exits, timed-exits,
 * risk-state-snapshot): not re-exported from index.ts, so the package's public names stay the
 * manager's.
 */

/** The close the manager asked for, kept so it is asked once and repeated after `closeRetryMs`. */
export interface Closing {
  readonly reason: CloseReason;
  readonly event: RiskEvent;
  readonly detail: string;
  readonly values: RiskValues;
  /** When the close was last asked for (epoch ms). */
  since: number;
}

/** An open position under watch, and its pending close request (null while none). */
export interface Tracked {
  readonly p: RiskPosition;
  closing: Closing | null;
}

/**
 * Everything one PortfolioRiskManager knows, in one object so the rule modules read and change the
 * same state the manager does. The collections are the manager's own (it keeps them as fields too,
 * so the per-trade path reads them without a hop); only the manager adds or removes positions.
 */
export interface ManagerState {
  readonly config: PortfolioRiskConfig;
  /** Open positions by id, in the order they opened. */
  readonly positions: ReadonlyMap<string, Tracked>;
  /** Entry blocks in force (forex's included while the session is closed). */
  readonly blocked: Set<BlockReason>;
  readonly dumps: DumpDetector;
  readonly book: CorrelationBook;
  readonly leaders: ReadonlyMap<string, LeaderDumpMonitor>;
  readonly drawdown: DailyDrawdown;
  /** The last health evaluation, null before the first. */
  health: HealthScore | null;
  healthAt: number | null;
  /** The band the health actions were last taken for (restored, so a restart does not repeat them). */
  band: HealthBand;
  /** Whether the forex session was closed at the last tick. */
  forexClosed: boolean;
}
