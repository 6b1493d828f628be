import type { Candle } from '../candle.js';

/** §2.3.4 Level 4 as read on the open 1m candle at the trade being judged. */
export interface BounceReading {
  /** bounce_strength: where the price sits in the candle's range, from the rejected end (1 = at the far end). */
  readonly rejection: number;
  /** current 1m volume / the 20-period average (§2.3.4); null while the average is unknown. */
  readonly volumeSpike: number | null;
  /** "BOUNCING_UP" (a short: "BOUNCING_DOWN"): the price is past the candle's open in the trade's direction. */
  readonly movingAway: boolean;
}

/**
 * The bounce off a zone on the open 1m candle (§2.3.4). Level 2 has already found the candle's extreme
 * (a long's low) at the zone; here the price must have come back off it: close location beyond
 * `rejection`, a volume spike, and the candle turned the trade's way (price above its open for a long,
 * the document's bullish rejection "close > open"). Moving away does not ask the price to clear the
 * zone's far edge: the document's worked example enters a long at $50,245 inside its $50,200–50,250
 * demand zone, and a bounce already past the zone's top would also have left the value-area edge the
 * score rewards (§2.2.2 "at VAL").
 */
export function bounceOff(side: 'long' | 'short', price: number, c: Candle | null, volumeSpike: number | null): BounceReading {
  if (!c) return { rejection: 0, volumeSpike, movingAway: false };
  const range = c.high - c.low;
  const long = side === 'long';
  const rejection = range > 0 ? (long ? (price - c.low) / range : (c.high - price) / range) : 0;
  return { rejection, volumeSpike, movingAway: long ? price > c.open : price < c.open };
}
