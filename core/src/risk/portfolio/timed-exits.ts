import { Severity } from '../../config/notification-settings.js';
import { MarketType } from '../../model/market.js';
import { requestClose } from './close-requests.js';
import { DrawdownLevel } from './daily-drawdown.js';
import { drawdownValues } from './drawdown-actions.js';
import { setBlock } from './entry-blocks.js';
import { forexReopensAt, isForexSessionClosed } from './forex-session.js';
import type { ManagerState } from './manager-state.js';
import { maxHoldExceeded, maxHoldMsFor } from './max-hold.js';
import { BlockReason, CloseReason, type RiskAction, RiskEvent } from './risk-action.js';

/*
 * The exits the portfolio risk manager's `tick` decides from the clock rather than from market data
 * (internal, not re-exported from index.ts): the forex Friday close and reopen, max hold times, and
 * positions still open while the drawdown level says none may be.
 */

/** Follows the forex session: at a close or reopen, notify and block or unblock forex entries. Returns whether it is closed at `now`. */
export function followForexSession(s: ManagerState, now: number, out: RiskAction[]): boolean {
  const fx = s.config.forexSession;
  const closed = isForexSessionClosed(now, fx);
  if (closed !== s.forexClosed) {
    s.forexClosed = closed;
    const until = forexReopensAt(now, fx);
    if (closed) out.push({ type: 'notify', event: RiskEvent.ForexSessionClosed, severity: Severity.Info, detail: 'forex session closing: forex positions closed, entries refused until the reopen', values: { reopensAt: until } });
    setBlock(s.blocked, BlockReason.ForexSessionClosed, closed, 'forex session closed (Friday 23:30 GMT)', until, out);
  }
  return closed;
}

/**
 * Every open position not yet asked to close, against the first rule that applies: breaker or
 * critical drawdown (a straggler the level-change pass missed), the forex close, its max hold.
 */
export function sweepOpenPositions(s: ManagerState, now: number, forexClosed: boolean, out: RiskAction[]): void {
  const c = s.config;
  const lvl = s.drawdown.level;
  for (const tr of s.positions.values()) {
    if (tr.closing) continue;
    if (lvl === DrawdownLevel.CircuitBreaker) requestClose(tr, CloseReason.CircuitBreaker, RiskEvent.CircuitBreakerTriggered, 'circuit breaker tripped: no position stays open', drawdownValues(s.drawdown), now, out);
    else if (lvl === DrawdownLevel.Critical) requestClose(tr, CloseReason.DrawdownCritical, RiskEvent.ForceExitRequired, 'critical daily drawdown: no position stays open', drawdownValues(s.drawdown), now, out);
    else if (forexClosed && tr.p.marketType === MarketType.Forex) {
      requestClose(tr, CloseReason.ForexSessionClose, RiskEvent.ForceExitRequired, 'forex Friday close (23:30 GMT)', { reopensAt: forexReopensAt(now, c.forexSession) }, now, out);
    } else if (maxHoldExceeded(tr.p, now, c.maxHold)) {
      const limit = maxHoldMsFor(tr.p, c.maxHold);
      requestClose(tr, CloseReason.MaxHold, RiskEvent.MaxHoldTimeExceeded, `held ${Math.round((now - tr.p.openedAt) / 1000)} s ≥ max ${limit / 1000} s (${tr.p.moduleId !== undefined && c.maxHold.byModule[tr.p.moduleId] !== undefined ? `module ${tr.p.moduleId}` : tr.p.strategy})`, { heldMs: now - tr.p.openedAt, maxHoldMs: limit }, now, out);
    }
  }
}
