import { type Dec, ZERO, dec } from '../money.js';
import { moduleEquity } from '../../risk/sizing/module-equity.js';
import type { ExecutionLimits } from './execution-limits.js';
import { HandlerName } from './handler-name.js';

/** A symbol slot held on the venue (an entry being placed or an open position) and its notional at entry. */
export interface HeldSlot {
  readonly holder: string;
  readonly notional: Dec;
}

export type SlotLimitsVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly handler: typeof HandlerName.PositionLimit | typeof HandlerName.Exposure; readonly reason: string; readonly numbers: Readonly<Record<string, string | number>> };

/**
 * §2.2.4's position and exposure limits as the transaction that claims a symbol's slot sees them
 * (issue 11, defect 7). The chain checks the same limits on a snapshot taken before that transaction;
 * two entries on different symbols at once both passed it. Here the held slots are read inside the
 * claim, so of concurrent entries the ones that would break a limit are refused. Notionals are at
 * entry price (the chain's own check, on marked positions, has run before).
 */
export function slotLimitsVerdict(held: readonly HeldSlot[], order: Dec, limits: Pick<ExecutionLimits, 'maxOpenPositions' | 'maxExposurePct' | 'maxExposureQuote'>, equity: Dec, capitalAllocation: number): SlotLimitsVerdict {
  const open = held.length;
  const max = limits.maxOpenPositions;
  if (open + 1 > max) return { ok: false, handler: HandlerName.PositionLimit, reason: `max positions limit reached: ${open}/${max} (slots held when this entry claimed its own)`, numbers: { open, max } };
  const current = held.reduce((sum, h) => sum.plus(h.notional), ZERO);
  const total = current.plus(order);
  const byPct = moduleEquity(equity, capitalAllocation).times(limits.maxExposurePct);
  const abs = limits.maxExposureQuote === undefined ? undefined : dec(limits.maxExposureQuote);
  const cap = abs !== undefined && abs.lt(byPct) ? abs : byPct;
  const numbers = { current: current.toFixed(), order: order.toFixed(), total: total.toFixed(), cap: cap.toFixed() };
  if (total.gt(cap)) return { ok: false, handler: HandlerName.Exposure, reason: `exposure limit would be exceeded: ${total.toFixed()} > ${cap.toFixed()} (slots held when this entry claimed its own)`, numbers };
  return { ok: true };
}
