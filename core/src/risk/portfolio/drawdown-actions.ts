import { Severity } from '../../config/notification-settings.js';
import type { Dec } from '../../execution/money.js';
import { closeWorst, requestClose } from './close-requests.js';
import { type DailyDrawdown, DrawdownLevel, drawdownLevelRank } from './daily-drawdown.js';
import { setBlock } from './entry-blocks.js';
import { utcDay } from './forex-session.js';
import type { ManagerState } from './manager-state.js';
import { BlockReason, CloseReason, type RiskAction, RiskEvent, type RiskValues } from './risk-action.js';
import { utcDayString } from './risk-state.js';

/*
 * What the portfolio risk manager does about the daily drawdown (internal, not re-exported from
 * index.ts): §2.2.5's levels — alert notifies, warning closes the worst share, critical closes all
 * and refuses entries, the breaker also stops trading until midnight UTC — and the midnight reset.
 */

/** The level in force at `now`: a day that has ended no longer counts, even before the reset runs. */
export function drawdownLevelAt(dd: DailyDrawdown, now: number): DrawdownLevel {
  const day = dd.currentDay;
  return day !== null && utcDay(now) > day ? DrawdownLevel.Normal : dd.level;
}

/** The figures every drawdown action carries. */
export function drawdownValues(dd: DailyDrawdown): RiskValues {
  const s = dd.snapshot();
  return { drawdownPct: s.drawdown.toNumber(), dayStartEquity: s.dayStartEquity?.toFixed() ?? null, equity: s.equity?.toFixed() ?? null, level: s.level };
}

/** At the first reading of a new UTC day: lift the drawdown blocks and say so. */
export function rollDay(s: ManagerState, ts: number, out: RiskAction[]): void {
  const before = s.drawdown.level;
  if (!s.drawdown.roll(ts)) return;
  setBlock(s.blocked, BlockReason.CircuitBreaker, false, '', null, out);
  setBlock(s.blocked, BlockReason.DrawdownCritical, false, '', null, out);
  const snap = s.drawdown.snapshot();
  out.push({ type: 'notify', event: RiskEvent.DailyReset, severity: Severity.Info, detail: `midnight UTC: new day ${utcDayString(snap.day as number)}, drawdown reset from ${before}`, values: { dayStartEquity: snap.dayStartEquity?.toFixed() ?? null, previousLevel: before } });
}

/** An equity reading: acts on a level rise; on a fall notifies and lifts the critical block (the breaker latches). */
export function observeEquity(s: ManagerState, equity: Dec, ts: number, out: RiskAction[]): void {
  const { from, to } = s.drawdown.observe(equity, ts);
  const rf = drawdownLevelRank[from];
  const rt = drawdownLevelRank[to];
  if (rt > rf) escalateDrawdown(s, to, ts, out);
  else if (rt < rf) {
    out.push({ type: 'notify', event: RiskEvent.DrawdownLevelChanged, severity: Severity.Info, detail: `daily drawdown back to ${to}`, values: { ...drawdownValues(s.drawdown), from } });
    if (rt < drawdownLevelRank.critical) setBlock(s.blocked, BlockReason.DrawdownCritical, false, '', null, out);
  }
}

function escalateDrawdown(s: ManagerState, to: DrawdownLevel, ts: number, out: RiskAction[]): void {
  const d = s.config.drawdown;
  const values = drawdownValues(s.drawdown);
  const pct = `${((values.drawdownPct as number) * 100).toFixed(3)} %`;
  if (to === DrawdownLevel.CircuitBreaker) {
    out.push({ type: 'notify', event: RiskEvent.CircuitBreakerTriggered, severity: Severity.Critical, detail: `daily drawdown ${pct} ≥ ${d.circuitBreakerPct * 100} %: all positions closed, trading stopped until midnight UTC`, values });
    for (const tr of s.positions.values()) requestClose(tr, CloseReason.CircuitBreaker, RiskEvent.CircuitBreakerTriggered, `circuit breaker at daily drawdown ${pct}`, values, ts, out);
    setBlock(s.blocked, BlockReason.DrawdownCritical, true, `daily drawdown ${pct}`, null, out);
    setBlock(s.blocked, BlockReason.CircuitBreaker, true, `circuit breaker: daily drawdown ${pct}`, s.drawdown.resetsAt, out);
    return;
  }
  out.push({ type: 'notify', event: RiskEvent.DrawdownLevelChanged, severity: to === DrawdownLevel.Alert || to === DrawdownLevel.Warning ? Severity.Warning : Severity.Critical, detail: `daily drawdown ${pct}: ${to}`, values });
  if (to === DrawdownLevel.Critical) {
    for (const tr of s.positions.values()) requestClose(tr, CloseReason.DrawdownCritical, RiskEvent.ForceExitRequired, `critical daily drawdown ${pct}: close all`, values, ts, out);
    setBlock(s.blocked, BlockReason.DrawdownCritical, true, `critical daily drawdown ${pct}`, null, out);
  } else if (to === DrawdownLevel.Warning) {
    const open = [...s.positions.values()].filter((t) => !t.closing);
    closeWorst(s, Math.ceil(open.length * d.warningCloseShare), CloseReason.DrawdownWarning, `daily drawdown ${pct}: close the worst ${d.warningCloseShare * 100} %`, values, ts, out);
  }
}
