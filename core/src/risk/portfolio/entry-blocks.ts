import { BlockReason, EntryScope, type RiskAction } from './risk-action.js';

/*
 * The portfolio risk manager's entry blocks (internal, not re-exported from index.ts): which
 * reasons refuse new entries, most severe first, and the block/unblock actions a change emits.
 */

/** Most severe first: the order of `EntryVerdict.reasons` and of the stored `entries.reasons`. */
export const blockOrder: readonly BlockReason[] = [BlockReason.CircuitBreaker, BlockReason.DrawdownCritical, BlockReason.HealthCaution, BlockReason.ForexSessionClosed];

/** Turns a block on or off; emits `block_entries` / `unblock_entries` only when that changes it. */
export function setBlock(blocked: Set<BlockReason>, reason: BlockReason, on: boolean, detail: string, until: number | null, out: RiskAction[]): void {
  const scope = reason === BlockReason.ForexSessionClosed ? EntryScope.Forex : EntryScope.All;
  if (on && !blocked.has(reason)) {
    blocked.add(reason);
    out.push({ type: 'block_entries', reason, scope, detail, until });
  } else if (!on && blocked.has(reason)) {
    blocked.delete(reason);
    out.push({ type: 'unblock_entries', reason, scope });
  }
}
