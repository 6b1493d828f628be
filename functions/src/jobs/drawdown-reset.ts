import { BlockReason, DrawdownLevel, type RiskState, RiskStateSchema } from '@cascade/core';
import { readDoc } from '@cascade/adapters/firestore';
import type { JobContext } from './definitions.js';

const DAY = 86_400_000;
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** What the new UTC day clears; health caution and the forex session are recomputed by the risk service. */
const DAILY: readonly string[] = [BlockReason.CircuitBreaker, BlockReason.DrawdownCritical];

/**
 * The state as of a new UTC day: the daily drawdown starts over from the last equity, the 5 % breaker
 * is released, and the day-bound entry blocks lifted. Pure; null when there is nothing to reset.
 */
export function resetForNewDay(s: RiskState, now: number): RiskState | null {
  const today = dayOf(now);
  if (s.drawdown.day !== null && s.drawdown.day >= today && !s.breaker.tripped) return null;
  if (s.drawdown.day === today && s.breaker.tripped && (s.breaker.resetsAt ?? 0) > now) return null;
  const reasons = s.entries.reasons.filter((r) => !DAILY.includes(r));
  const midnight = now - (now % DAY);
  return {
    ...s,
    updatedAt: now,
    drawdown: { day: today, level: DrawdownLevel.Normal, pct: 0, dayStartEquity: s.drawdown.equity, equity: s.drawdown.equity, resetsAt: midnight + DAY },
    breaker: { tripped: false, trippedAt: null, drawdownPct: null, resetsAt: null },
    entries: { ...s.entries, blocked: reasons.length > 0, reason: reasons[0] ?? null, reasons },
  };
}

/**
 * Drawdown / breaker reset (midnight UTC). The analytics service resets its own state at midnight; this
 * job makes sure the shared `risk_state/current` — what execute's risk gate reads — is released even
 * when no analytics instance was running at midnight, so a latched breaker never blocks a new day.
 */
export async function drawdownResetHandler(ctx: JobContext): Promise<void> {
  const ref = ctx.db.doc('risk_state/current');
  const now = ctx.scheduledTime;
  const outcome = await ctx.db.runTransaction(async (tx) => {
    // A corrupt state is not reset: StoredDocumentError names the document and the bad fields.
    const state = readDoc(RiskStateSchema, await tx.get(ref));
    if (!state) return 'no risk state yet';
    const next = resetForNewDay(state, now);
    if (!next) return `already reset for ${dayOf(now)}`;
    tx.set(ref, next);
    return `reset for ${dayOf(now)} (breaker ${state.breaker.tripped ? 'released' : 'not tripped'}, drawdown was ${state.drawdown.level})`;
  });
  ctx.log(`drawdown-reset: ${outcome}`);
}
