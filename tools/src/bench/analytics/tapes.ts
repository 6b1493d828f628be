// The tapes the analytics benchmark and its parity guard run on. Their parameters were fixed before any
// result was looked at (issue 14 item 1): the planted tape repeated, and one seeded random walk.
import type { Trade } from '@cascade/core';
import { regimeTrades } from '../../synthetic/index.js';

/** The planted tape repeated (one definition, shared with the core hot-path cases). */
export { repeatedPlanted } from '../planted-tape.js';

/**
 * A driftless random walk (the `walk` regime, 0.35 % per 15 min) at a tenth of the fitted order rate:
 * its default 34-h warm-up (the regime's 119 15m candles) plus `hours` of tape, ~3.4 orders a second.
 * Seed 20261207 and the rate were chosen before any result was seen.
 */
export function* randomWalk(totalTrades: number, hours = 12): Generator<Trade> {
  let n = 0;
  for (const t of regimeTrades({ regime: 'walk', seed: 20261207, hours, activity: 0.1 })) {
    if (n++ >= totalTrades) return;
    yield t;
  }
}
