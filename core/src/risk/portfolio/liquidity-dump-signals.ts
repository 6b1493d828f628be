import { DumpRule, DumpSignal, type DumpFiring, firing } from './dump-signal.js';
import { above } from './float-compare.js';
import type { DumpDetectionConfig } from './portfolio-risk-config.js';

/** A quote for exiting the whole position (DEX aggregator), from the caller. */
export interface ExitQuote {
  readonly ts: number;
  /** Expected slippage of selling the whole position, as a fraction. */
  readonly slippagePct: number;
  /** False when the book / pools cannot take the position's size at all. */
  readonly fillable: boolean;
}

/** §2.2.5 signal 3, liquidity evaporation (meme coins only): the pool's drop from its 10-minute high. */
export function liquidityDropSignal(current: number, windowMax: number, cfg: DumpDetectionConfig): DumpFiring | null {
  if (!(windowMax > 0) || !Number.isFinite(current)) return null;
  const drop = 1 - current / windowMax;
  if (!above(drop, cfg.liquidityDrop.thresholdPct)) return null;
  return firing(DumpSignal.LiquidityEvaporation, DumpRule.LiquidityDrop, `liquidity ${current} is ${(drop * 100).toFixed(2)} % below its ${cfg.liquidityDrop.windowMs / 60_000}-min high ${windowMax}`, {
    liquidity: current,
    windowMax,
    dropPct: drop,
  });
}

/** Signal 3's exit-quote bullets: >10 % slippage, or no bids for the position's size. */
export function exitQuoteSignals(q: ExitQuote, cfg: DumpDetectionConfig): DumpFiring[] {
  const out: DumpFiring[] = [];
  if (!q.fillable) out.push(firing(DumpSignal.LiquidityEvaporation, DumpRule.NoBids, 'no bids for the position size', { slippagePct: Number.isFinite(q.slippagePct) ? q.slippagePct : null }));
  else if (above(q.slippagePct, cfg.liquidityDrop.maxExitSlippagePct)) {
    out.push(firing(DumpSignal.LiquidityEvaporation, DumpRule.ExitSlippage, `exit quote slippage ${(q.slippagePct * 100).toFixed(2)} % > ${cfg.liquidityDrop.maxExitSlippagePct * 100} %`, { slippagePct: q.slippagePct }));
  }
  return out;
}
