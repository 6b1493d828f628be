import { type Dec, dec } from '../../execution/money.js';
import type { DumpDetector } from './dump-detector.js';
import type { DumpFiring } from './dump-signal.js';
import type { ManagerState, Tracked } from './manager-state.js';
import { CloseReason, type RiskAction, RiskEvent, type RiskValues } from './risk-action.js';
import type { RiskPosition } from './risk-position.js';
import { pnlFraction, rankWorst } from './worst-positions.js';

/*
 * How the portfolio risk manager asks for closes (internal, not re-exported from index.ts): each
 * position is asked once; the request is remembered on the position and repeated only after
 * `closeRetryMs` without a `position.closed`.
 */

/** Appends to an action list created on first use, so a call that decides nothing allocates nothing. */
export const appendAction = (out: RiskAction[] | null, a: RiskAction): RiskAction[] => {
  const o = out ?? [];
  o.push(a);
  return o;
};

/** Asks for `tr` to be closed unless it already was; `signals` are the dump rules behind a dump close. */
export function requestClose(tr: Tracked, reason: CloseReason, event: RiskEvent, detail: string, values: RiskValues, ts: number, out: RiskAction[] | null, signals?: readonly DumpFiring[]): RiskAction[] | null {
  if (tr.closing) return out;
  tr.closing = { reason, event, detail, values, since: ts };
  const a: RiskAction = signals
    ? { type: 'close_position', positionId: tr.p.positionId, symbol: tr.p.symbol, reason, event, detail, values, signals }
    : { type: 'close_position', positionId: tr.p.positionId, symbol: tr.p.symbol, reason, event, detail, values };
  return appendAction(out, a);
}

/** A dump close carrying every rule that fired; their values are keyed `rule:name`. */
export function closeForDump(tr: Tracked, f: readonly DumpFiring[], ts: number, out: RiskAction[] | null): RiskAction[] | null {
  const values: Record<string, number | null> = {};
  for (const x of f) for (const [k, v] of Object.entries(x.values)) values[`${x.rule}:${k}`] = v;
  return requestClose(tr, CloseReason.Dump, RiskEvent.DumpDetected, f.map((x) => `${x.signal}/${x.rule}: ${x.detail}`).join('; '), values, ts, out, f);
}

/** The last traded price of the position's symbol, or its entry before any trade. */
export function markOf(dumps: DumpDetector, p: RiskPosition): Dec {
  const px = dumps.lastPrice(p.symbol);
  return px > 0 && Number.isFinite(px) ? dec(px) : p.entry;
}

/** Closes the `n` worst open positions by P&L fraction at the mark (ties: older first). */
export function closeWorst(s: ManagerState, n: number, reason: CloseReason, detail: string, values: RiskValues, ts: number, out: RiskAction[]): void {
  if (n <= 0) return;
  const open = [...s.positions.values()].filter((t) => !t.closing);
  const ranked = rankWorst(
    open.map((t) => t.p),
    (p) => markOf(s.dumps, p),
  );
  for (let i = 0; i < Math.min(n, ranked.length); i++) {
    const p = ranked[i] as RiskPosition;
    const tr = s.positions.get(p.positionId) as Tracked;
    requestClose(tr, reason, RiskEvent.ForceExitRequired, `${detail} (#${i + 1} worst)`, { ...values, rank: i + 1, pnlPct: pnlFraction(p, markOf(s.dumps, p)) }, ts, out);
  }
}

/** Repeats every close not confirmed within `retryMs` of its last request. */
export function retryUnconfirmedCloses(positions: ReadonlyMap<string, Tracked>, now: number, retryMs: number, out: RiskAction[]): void {
  for (const tr of positions.values()) {
    const cl = tr.closing;
    if (!cl || now - cl.since < retryMs) continue;
    cl.since = now;
    out.push({ type: 'close_position', positionId: tr.p.positionId, symbol: tr.p.symbol, reason: cl.reason, event: cl.event, detail: cl.detail, values: cl.values, retry: true });
  }
}
