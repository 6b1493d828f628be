import { Severity } from '../../config/notification-settings.js';
import { appendAction, requestClose } from './close-requests.js';
import type { LeaderDumpMonitor } from './leader-dump.js';
import type { ManagerState } from './manager-state.js';
import { CloseReason, type RiskAction, RiskEvent } from './risk-action.js';
import { PositionSide } from './risk-position.js';

/*
 * What the portfolio risk manager does while a market leader dumps (internal, not re-exported from
 * index.ts): §2.2.5's correlation exit — close longs strongly correlated with the leader, tighten
 * the trails of moderately correlated ones, once per position and episode.
 */

/** Called on every leader trade that is part of a dump; emits the episode's event on its first trade. */
export function leaderDumpActions(s: ManagerState, lm: LeaderDumpMonitor, ts: number, out: RiskAction[] | null): RiskAction[] | null {
  const ce = s.config.correlationExit;
  const base = { leader: lm.leader, leaderDropPct: lm.drop, leaderHigh: lm.windowHigh, leaderPrice: lm.lastPrice };
  if (lm.begin()) {
    out = appendAction(out, {
      type: 'notify',
      event: RiskEvent.CorrelatedDumpDetected,
      severity: Severity.Critical,
      detail: `${lm.leader} fell ${(lm.drop * 100).toFixed(3)} % from its ${ce.leaderDropWindowMs / 60_000}-min high ${lm.windowHigh} to ${lm.lastPrice}`,
      values: base,
    });
  }
  let tighten: string[] | null = null;
  for (const tr of s.positions.values()) {
    // Only longs: a short is the inverse exposure and profits from the dump.
    if (tr.closing || tr.p.side !== PositionSide.Long) continue;
    const corr = s.book.correlation(tr.p.symbol, lm.leader);
    if (corr === null) continue;
    if (corr > ce.minCorrelation) {
      out = requestClose(tr, CloseReason.CorrelatedDump, RiskEvent.CorrelatedDumpDetected, `${lm.leader} dump: 24 h correlation ${corr.toFixed(3)} > ${ce.minCorrelation}`, { ...base, correlation: corr, samples: s.book.samples(tr.p.symbol, lm.leader) }, ts, out);
    } else if (corr >= ce.moderateCorrelation && !lm.tightened.has(tr.p.positionId)) {
      lm.tightened.add(tr.p.positionId);
      (tighten ??= []).push(tr.p.positionId);
    }
  }
  if (tighten) {
    out = appendAction(out, { type: 'tighten_trails', pct: ce.moderateTrailPct, positionIds: tighten, reason: 'moderate_correlation', detail: `${lm.leader} dump: moderate correlation (${ce.moderateCorrelation}–${ce.minCorrelation})` });
  }
  return out;
}
