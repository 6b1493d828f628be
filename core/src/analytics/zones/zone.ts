import type { ValueOf } from '../../util/value-of.js';
import type { Timeframe } from '../candle.js';

export const ZoneType = {
  /** Support: buyers stepped in (a bullish rejection, long lower wick). */
  Demand: 'demand',
  /** Resistance: sellers stepped in (a bearish rejection, long upper wick). */
  Supply: 'supply',
} as const;
export type ZoneType = ValueOf<typeof ZoneType>;

export const ZoneStatus = {
  Fresh: 'fresh',
  Tested: 'tested',
  /** Traded through; reported once to `onRemoved`, never kept (§2.2.7). */
  Broken: 'broken',
} as const;
export type ZoneStatus = ValueOf<typeof ZoneStatus>;

export const ZoneRemoval = {
  Broken: 'broken',
  /** Pushed out by the zone cap: the weakest, the oldest of equally weak ones. */
  Evicted: 'evicted',
} as const;
export type ZoneRemoval = ValueOf<typeof ZoneRemoval>;

/** A supply/demand zone as §2.2.7's `supply_demand_zones` row holds it, plus how it was born. */
export interface SupplyDemandZone {
  /** `sdz-{timeframe}-{openTime of the creating candle}`: unique per symbol, the same on every replay. */
  readonly zoneId: string;
  readonly timeframe: Timeframe;
  readonly zoneType: ZoneType;
  readonly priceLow: number;
  readonly priceHigh: number;
  /** 0–100, see `zoneStrength`. */
  readonly strengthScore: number;
  readonly status: ZoneStatus;
  readonly testCount: number;
  /** Close time of the creating candle (when the zone became known). */
  readonly firstSeen: number;
  readonly lastTested: number | null;
  /** Volume of the creating candle and its ratio to the average of the candles before it. */
  readonly creationVolume: number;
  readonly volumeRatio: number;
}
