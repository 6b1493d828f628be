import type { StrategyConfig } from '../config/strategy-config.js';
import type { SetupDetected } from '../messages/events/setup-detected.js';
import type { SignalGenerated } from '../messages/events/signal-generated.js';
import type { Decision } from './score-setup.js';

/**
 * Where the initial stop goes (§2.5, issue 4): at the zone's far edge — a long's demand zone low, a
 * short's supply zone high — as a fraction of the entry reference, kept within [minPct, maxPct]
 * (0.2–0.3 %). Without a zone, the middle of the band.
 */
export function initialStopPct(setup: Pick<SetupDetected['payload'], 'side' | 'context' | 'fillReference' | 'trigger'>, cfg: StrategyConfig): number {
  const { minPct, maxPct } = cfg.exits.initialStop;
  const entry = (setup.fillReference ?? setup.trigger).price;
  const z = setup.context.zone;
  const raw = z ? (setup.side === 'long' ? (entry - z.low) / entry : (z.high - entry) / entry) : (minPct + maxPct) / 2;
  return Math.min(maxPct, Math.max(minPct, Math.round(raw * 1e8) / 1e8));
}

/** decide's output for a setup it trades: one function for the function and the backtester. */
export function signalPayload(setupEventId: string, signalId: string, setup: SetupDetected['payload'], decision: Extract<Decision, { decision: 'trade' }>, cfg: StrategyConfig): SignalGenerated['payload'] {
  return {
    signalId,
    setupEventId,
    market: setup.market,
    side: setup.side,
    score: decision.score,
    strength: decision.strength,
    explanation: decision.explanation,
    reference: setup.trigger,
    fillReference: setup.fillReference,
    triggerPublishedAt: setup.triggerPublishedAt,
    trailingStopPct: cfg.exits.trailingStopPct,
    initialStopPct: initialStopPct(setup, cfg),
    maxHoldMs: cfg.exits.maxHoldMs,
  };
}
