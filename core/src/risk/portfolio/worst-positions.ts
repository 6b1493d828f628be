import type { Dec } from '../../execution/money.js';
import { PositionSide } from './risk-position.js';

export interface RankablePosition {
  readonly positionId: string;
  readonly side: PositionSide;
  readonly entry: Dec;
  readonly openedAt: number;
}

/**
 * Compares unrealised P&L % exactly: for longs (m − e)/e, for shorts (e − m)/e. Cross-multiplying by
 * the (positive) entries avoids a rounded division, so equal percentages really compare equal.
 */
function comparePnlPct(a: RankablePosition, ma: Dec, b: RankablePosition, mb: Dec): number {
  const na = a.side === PositionSide.Long ? ma.minus(a.entry) : a.entry.minus(ma);
  const nb = b.side === PositionSide.Long ? mb.minus(b.entry) : b.entry.minus(mb);
  return na.times(b.entry).cmp(nb.times(a.entry));
}

/**
 * Positions from worst to best: lowest unrealised P&L % first; on a tie the older position first
 * (it has carried the risk longer), then the smaller id, so the order is total and deterministic.
 */
export function rankWorst<P extends RankablePosition>(positions: readonly P[], markOf: (p: P) => Dec): P[] {
  const marks = new Map<string, Dec>();
  for (const p of positions) marks.set(p.positionId, markOf(p));
  return [...positions].sort((a, b) => {
    const c = comparePnlPct(a, marks.get(a.positionId) as Dec, b, marks.get(b.positionId) as Dec);
    if (c !== 0) return c;
    if (a.openedAt !== b.openedAt) return a.openedAt - b.openedAt;
    return a.positionId < b.positionId ? -1 : a.positionId > b.positionId ? 1 : 0;
  });
}

/** Unrealised P&L as a fraction of entry (sign: positive = in profit), for display and health inputs. */
export function pnlFraction(p: Pick<RankablePosition, 'side' | 'entry'>, mark: Dec): number {
  const n = p.side === PositionSide.Long ? mark.minus(p.entry) : p.entry.minus(mark);
  return n.div(p.entry).toNumber();
}
