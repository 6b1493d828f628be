import { type Dec, dec, roundTo } from '../money.js';

/**
 * The stop `pct` from `entry` (§2.5: long below, short above), rounded to the tick toward the
 * entry so it is never further than `pct` (§2.2.3 "never worse than 0.5% from entry").
 * §2.2.4 example: filled at 100.05, 0.5 % → 100.05 × 0.995 = 99.54975 → 99.55.
 */
export function initialStopPrice(side: 'long' | 'short', entry: Dec, pct: number, pricePrecision: number): Dec {
  const raw = side === 'long' ? entry.times(dec(1).minus(dec(pct))) : entry.times(dec(1).plus(dec(pct)));
  return roundTo(raw, pricePrecision, side === 'long' ? 'up' : 'down');
}
