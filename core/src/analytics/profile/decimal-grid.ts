/**
 * A decimal grid of 10^-places: a market's price ticks (MarketSpec.pricePrecision) or amount lots
 * (amountPrecision), as integer units. Levels compare units, never doubles, so a price such as 0.29
 * (0.29 / 0.01 = 28.999999999999996 in doubles) lands on tick 29 and not on 28, and volumes add and
 * subtract without drift.
 *
 * `toUnits` multiplies by 10^places, an exact double, instead of dividing by the tick (0.01 is not
 * exact): one rounding fewer, and Math.round absorbs the parse error of the venue's decimal. Exact while
 * units stay below 2^53 (e.g. prices below 9·10^7 at 8 decimals). `fromUnits` divides an integer by an
 * exact power of ten, which rounds to the same double as parsing the decimal text, so a level's price
 * compares equal to the trade prices printed at it.
 */
export class DecimalGrid {
  readonly unitsPerOne: number;
  /** The grid step as a double (0.01 for 2 places). */
  readonly step: number;

  constructor(readonly places: number) {
    if (!Number.isInteger(places) || places < 0 || places > 22) {
      throw new Error(`precision must be an integer 0…22 decimal places, got ${places}`);
    }
    // A product of tens is exact up to 10^22; Math.pow is not guaranteed to be.
    let s = 1;
    for (let i = 0; i < places; i++) s *= 10;
    this.unitsPerOne = s;
    this.step = 1 / s;
  }

  toUnits(value: number): number {
    return Math.round(value * this.unitsPerOne);
  }

  fromUnits(units: number): number {
    return units / this.unitsPerOne;
  }
}
