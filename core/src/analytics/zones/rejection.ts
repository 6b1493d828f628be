import type { Candle } from '../candle.js';
import type { DecimalGrid } from '../profile/decimal-grid.js';
import { ZoneType } from './zone.js';

export interface RejectionRule {
  /** The rejection wick is more than this many bodies long (2). */
  readonly wickBodyRatio: number;
  /** The close sits beyond this fraction of the range from the wick's end (0.8). */
  readonly closeLocation: number;
}

/**
 * §2.2.2 MicrostructureAnalyzer's rejection candle, as a zone side:
 * - bullish → demand: lower wick > wickBodyRatio × body, close > open, (close − low)/(high − low) > closeLocation;
 * - bearish → supply: upper wick > wickBodyRatio × body, close < open, (high − close)/(high − low) > closeLocation.
 * All strict, as in the document; a candle with no range or no body direction is no rejection.
 * Measured in integer ticks, so a ratio that is exactly 0.8 on the tick grid is not "> 0.8".
 */
export function candleRejection(c: Pick<Candle, 'open' | 'high' | 'low' | 'close'>, grid: DecimalGrid, rule: RejectionRule): ZoneType | null {
  const o = grid.toUnits(c.open);
  const h = grid.toUnits(c.high);
  const l = grid.toUnits(c.low);
  const cl = grid.toUnits(c.close);
  const range = h - l;
  if (range <= 0) return null;
  const body = Math.abs(cl - o);
  if (cl > o && o - l > rule.wickBodyRatio * body && (cl - l) / range > rule.closeLocation) return ZoneType.Demand;
  if (cl < o && h - o > rule.wickBodyRatio * body && (h - cl) / range > rule.closeLocation) return ZoneType.Supply;
  return null;
}
