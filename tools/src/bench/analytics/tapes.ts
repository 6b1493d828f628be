// The tapes the analytics benchmark and its parity guard run on. Their parameters were fixed before any
// result was looked at (issue 14 item 1): the planted tape repeated, and one seeded random walk.
import type { Trade } from '@cascade/core';
import { plantedTape, regimeTrades } from '../../synthetic/index.js';

/**
 * The planted tape trends up 0.2 % per 15m candle: over thousands of cycles its price would grow
 * without bound (and a 15-min profile with it). Long benchmark tapes repeat a 100-cycle segment,
 * each copy later in time with fresh trade ids: a realistic price level, a crash back at each seam.
 */
export function* repeatedPlanted(totalTrades: number): Generator<Trade> {
  const segment = plantedTape({ cycles: 100 });
  const span = (segment.at(-1) as Trade).ts - (segment[0] as Trade).ts + 15 * 60_000;
  let n = 0;
  for (let copy = 0; n < totalTrades; copy++) {
    for (const t of segment) {
      if (n++ >= totalTrades) return;
      yield { ...t, id: `${copy}-${t.id}`, ts: t.ts + copy * span };
    }
  }
}

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
