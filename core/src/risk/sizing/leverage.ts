import { type MarketType, MarketType as MT } from '../../model/market.js';
import { HARD_MAX_LEVERAGE, type RiskSizing } from './risk-sizing-config.js';

/** Markets where an order posts margin rather than paying the notional. */
export function isLeveraged(t: MarketType): boolean {
  return t === MT.Perp || t === MT.Forex;
}

export interface LeverageChoice {
  readonly leverage: number;
  /** Set when the requested leverage was cut down to the cap. */
  readonly clampedFrom?: number;
}

/**
 * Leverage for an order: 1 on spot and DEX swaps; otherwise the market's configured leverage (or
 * the default 3×), never above `maxLeverage` nor the 10× hard cap whatever a venue or a stale
 * market document says.
 */
export function chooseLeverage(marketType: MarketType, requested: number | undefined, cfg: RiskSizing): LeverageChoice {
  if (!isLeveraged(marketType)) return { leverage: 1 };
  const want = requested ?? cfg.defaultLeverage;
  const cap = Math.min(cfg.maxLeverage, HARD_MAX_LEVERAGE);
  if (!(want >= 1)) return { leverage: 1, clampedFrom: want };
  return want > cap ? { leverage: cap, clampedFrom: want } : { leverage: want };
}
