import { DrawdownLevel } from './daily-drawdown.js';
import { blockOrder } from './entry-blocks.js';
import { forexReopensAt, isForexSessionClosed } from './forex-session.js';
import type { ManagerState } from './manager-state.js';
import { BlockReason } from './risk-action.js';
import { type RiskState, utcDayFromString, utcDayString } from './risk-state.js';

/*
 * The portfolio risk manager's state as `risk_state/current` and back (internal, not re-exported
 * from index.ts; the manager's `state()` and `restore()` are the public face).
 */

/** `risk_state/current` as of the last processed input. */
export function riskStateOf(st: ManagerState, now: number): RiskState {
  const s = st.drawdown.snapshot();
  const all = blockOrder.filter((r) => r !== BlockReason.ForexSessionClosed && st.blocked.has(r));
  const tripped = s.level === DrawdownLevel.CircuitBreaker;
  const fx = st.config.forexSession;
  const h = st.health;
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    updatedAt: now,
    health: {
      score: h ? h.score : null,
      band: st.band,
      evaluatedAt: st.healthAt,
      factors: h ? { ...h.factors } : null,
    },
    drawdown: {
      day: s.day === null ? null : utcDayString(s.day),
      level: s.level,
      pct: s.drawdown.toNumber(),
      dayStartEquity: s.dayStartEquity?.toFixed() ?? null,
      equity: s.equity?.toFixed() ?? null,
      resetsAt: st.drawdown.resetsAt,
    },
    entries: {
      blocked: all.length > 0,
      reason: all[0] ?? null,
      reasons: all,
      forexClosed: isForexSessionClosed(now, fx),
      forexReopensAt: forexReopensAt(now, fx),
    },
    breaker: {
      tripped,
      trippedAt: tripped ? s.breakerTrippedAt : null,
      drawdownPct: tripped ? s.drawdown.toNumber() : null,
      resetsAt: tripped ? st.drawdown.resetsAt : null,
    },
    leaders: [...st.leaders.values()].map((l) => ({ symbol: l.leader, dropPct: num(l.drop), dumpActive: l.dumpActive })),
    positions: {
      open: st.positions.size,
      closing: [...st.positions.values()].filter((t) => t.closing !== null).map((t) => t.p.positionId).sort(),
    },
  };
}

/** Takes back the day, its drawdown level and breaker, the blocks and the health band from `stored`. */
export function restoreRiskState(st: ManagerState, stored: RiskState): void {
  st.drawdown.restore({
    day: stored.drawdown.day === null ? null : utcDayFromString(stored.drawdown.day),
    dayStartEquity: stored.drawdown.dayStartEquity,
    equity: stored.drawdown.equity,
    level: stored.drawdown.level,
    breakerTrippedAt: stored.breaker.trippedAt,
  });
  st.band = stored.health.band;
  st.blocked.clear();
  for (const r of stored.entries.reasons) st.blocked.add(r);
  st.forexClosed = stored.entries.forexClosed;
  if (st.forexClosed) st.blocked.add(BlockReason.ForexSessionClosed);
}
