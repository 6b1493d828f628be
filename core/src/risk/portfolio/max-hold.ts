import type { MaxHoldConfig } from './portfolio-risk-config.js';
import type { RiskPositionInput } from './risk-position.js';

/**
 * The longest a position may stay open (§2.2.5 max_hold_times): the module's override when it has
 * one, else its strategy's (scalping 30 min, meme 24 h, arbitrage 4 h).
 */
export function maxHoldMsFor(p: Pick<RiskPositionInput, 'strategy' | 'moduleId'>, cfg: MaxHoldConfig): number {
  const byModule = p.moduleId === undefined ? undefined : cfg.byModule[p.moduleId];
  return byModule ?? cfg.byStrategy[p.strategy];
}

/** Held at least its maximum (the limit itself counts as exceeded, as in the position monitor). */
export function maxHoldExceeded(p: Pick<RiskPositionInput, 'strategy' | 'moduleId' | 'openedAt'>, now: number, cfg: MaxHoldConfig): boolean {
  return cfg.enabled && now - p.openedAt >= maxHoldMsFor(p, cfg);
}
