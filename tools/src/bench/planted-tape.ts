/** The input of the core hot-path cases: a planted tape, built once per process. */
import type { MarketSpec, Trade } from '@cascade/core';
import { plantedTape } from '../synthetic/index.js';

export const benchMarket: MarketSpec = { exchange: 'bench', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };

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

let shared: readonly Trade[] | null = null;
/** 860 k trades, the tape every core hot-path case times (built on first use). */
export function benchTape(): readonly Trade[] {
  shared ??= [...repeatedPlanted(860_000)];
  return shared;
}
