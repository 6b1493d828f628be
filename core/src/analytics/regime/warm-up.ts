/** Anything fed one closed candle at a time. */
export interface CandleFed<C> {
  update(c: C): unknown;
}

/** Feeds `candles` (oldest first) to `indicator` and returns it, for starting from fetched history. */
export function warmUp<C, I extends CandleFed<C>>(indicator: I, candles: Iterable<C>): I {
  for (const c of candles) indicator.update(c);
  return indicator;
}
