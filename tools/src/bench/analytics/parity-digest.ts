// What "results identical to today's" means for SymbolAnalytics (issue 14 item 1): every observable
// output of a run, hashed. A speed-up must leave every digest byte-identical.
import { createHash } from 'node:crypto';
import { type FunnelRow, type MarketSpec, type StrategyConfig, StrategyConfigSchema, SymbolAnalytics, type Trade, defaultStrategyConfig } from '@cascade/core';
import { plantedTape } from '../../synthetic/index.js';
import { randomWalk, repeatedPlanted } from './tapes.js';

export const parityMarket: MarketSpec = { exchange: 'bench', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };

export interface ParityRecord {
  readonly trades: number;
  readonly setups: number;
  readonly closedCandles: number;
  /** sha256 over one JSON line per trade that produced anything (its index, setup with every field, closed candles). */
  readonly outcomesSha256: string;
  readonly funnel: FunnelRow[];
  readonly regimeWarmUp: unknown;
  readonly finalRegime: { verdict: string; reason: string };
}

/** Runs one SymbolAnalytics over `trades` and records every outcome. */
export function parityRun(trades: Iterable<Trade>, cfg: StrategyConfig = defaultStrategyConfig): ParityRecord {
  const a = new SymbolAnalytics(parityMarket, cfg);
  const h = createHash('sha256');
  let n = 0;
  let setups = 0;
  let closed = 0;
  for (const t of trades) {
    const o = a.onTrade(t);
    if (o.setup !== null || o.closedCandles.length > 0) {
      h.update(`${JSON.stringify({ i: n, setup: o.setup, closedCandles: o.closedCandles })}\n`);
      if (o.setup !== null) setups += 1;
      closed += o.closedCandles.length;
    }
    n += 1;
  }
  const r = a.regimeResult;
  return { trades: n, setups, closedCandles: closed, outcomesSha256: h.digest('hex'), funnel: a.funnel, regimeWarmUp: a.regimeWarmUp, finalRegime: { verdict: r.verdict, reason: r.reason } };
}

/** Levels off (research mode: the 30-s flow picks the side), so the other branch of Level 1 is covered too. */
const levelsOff = (): StrategyConfig => StrategyConfigSchema.parse({ levels: { regimeRequired: false, zone: { required: false }, bounce: { required: false } } });

/** The fixed runs of the parity guard (tapes and sizes chosen before any result was looked at). */
export const parityCases: Readonly<Record<string, () => ParityRecord>> = {
  planted: () => parityRun(repeatedPlanted(300_000)),
  plantedShort: () => parityRun(plantedTape({ cycles: 100, side: 'short' })),
  randomWalk: () => parityRun(randomWalk(Number.POSITIVE_INFINITY)),
  plantedLevelsOff: () => parityRun(repeatedPlanted(150_000), levelsOff()),
  randomWalkLevelsOff: () => parityRun(randomWalk(200_000), levelsOff()),
};
