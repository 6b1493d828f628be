import type { ValueOf } from '../../util/value-of.js';
import { RegimeCheckName } from '../../analytics/regime/regime-judge.js';

/**
 * Why an evaluation stopped at a level: one reason per stopped evaluation, so a level's reasons add up
 * to its `stopped` count. Where several checks fail at once, the first in the order below is the
 * reason (the order each level checks in, from the most basic condition to the finest); Level 1 also
 * counts every failed check on its own (`failedChecks`), since a first-failure count hides a check
 * that fails behind an earlier one.
 */

/** Level 1: Level 1 could not judge yet (`warmingUp`), else the first failed regime check. */
export const RegimeStop = {
  /** Fewer closed 15m candles than the regime needs for every value (`regimeRetention().firstVerdict15m`). */
  WarmingUp: 'warmingUp',
  ...RegimeCheckName,
} as const;
export type RegimeStop = ValueOf<typeof RegimeStop>;

/** Level 2: the price (the 1m candle's extreme on the allowed side) is at no zone of the allowed side. */
export const ZoneStop = {
  /** Level 2 would have found a zone for the other side: a supply zone, bearish gap or the VAH at a long's 1m high (mirrored). */
  WrongSide: 'wrongSide',
  /** No supply/demand zone or fair value gap of the allowed side is open, nor is the price at the value-area edge. */
  NoZone: 'noZone',
  /** Zones or gaps of the allowed side are open, but the price is not within tolerance of any (nor at the value-area edge). */
  AwayFromZone: 'awayFromZone',
} as const;
export type ZoneStop = ValueOf<typeof ZoneStop>;

/** Level 3: the cascade 1m > 5m > 15m with the 1m beyond the minimum ratio (mirrored for shorts). */
export const CascadeStop = {
  /** The 1m buy/sell ratio is not beyond `cascade.min1mRatio` (2.0; below 1/2.0 for shorts). */
  Weak1m: 'weak1m',
  /** The 1m ratio does not lead the 5m toward the trade's side. */
  M1NotAboveM5: '1mNotAbove5m',
  /** The 5m ratio does not lead the 15m toward the trade's side. */
  M5NotAboveM15: '5mNotAbove15m',
} as const;
export type CascadeStop = ValueOf<typeof CascadeStop>;

/** Level 4: the bounce on the open 1m candle. */
export const BounceStop = {
  /** The candle does not close far enough from its rejected end (≤ `levels.bounce.minRejection`). */
  WeakRejection: 'weakRejection',
  /** Fewer closed 1m candles than the volume-spike average needs: no spike can be measured yet. */
  VolumeWarmingUp: 'volumeWarmingUp',
  /** The 1m volume is not above `levels.bounce.minVolumeSpike` × its average. */
  LowVolume: 'lowVolume',
  /** The price has not left the zone (or the candle's open) in the trade's direction. */
  NotMovingAway: 'notMovingAway',
} as const;
export type BounceStop = ValueOf<typeof BounceStop>;

/** The confluence score in `decide`: a setup becomes a trade signal or stops here. */
export const ScoreStop = {
  StrategyDisabled: 'strategyDisabled',
  /** The 30-s order-flow primary no longer passes under the current config. */
  OrderFlowPrimary: 'orderFlowPrimary',
  /** The microstructure primary (a rejection at the zone) does not pass. */
  MicrostructurePrimary: 'microstructurePrimary',
  /** The score is below `scoring.minScore`. */
  BelowThreshold: 'belowThreshold',
} as const;
export type ScoreStop = ValueOf<typeof ScoreStop>;

/** Every reason of each funnel row, in the order the report lists them. */
export const stopReasonsOf = {
  level1_regime: Object.values(RegimeStop),
  level2_zone: Object.values(ZoneStop),
  level3_cascade: Object.values(CascadeStop),
  level4_bounce: Object.values(BounceStop),
  confluence_score: Object.values(ScoreStop),
} as const satisfies Record<string, readonly string[]>;
export type FunnelStage = keyof typeof stopReasonsOf;

/** One line per reason for the report's legend. */
export const stopReasonText: Readonly<Record<string, string>> = {
  warmingUp: 'not enough 15m history for every regime value yet',
  structure: 'no higher highs/lows or lower highs/lows over the last 15m candles',
  adx: 'ADX not above the trend threshold',
  di: '+DI/−DI against the structure',
  persistence: 'directional persistence not above its minimum',
  meanReversion: 'mean reversion too strong',
  atr: 'ATR below its minimum share of price',
  volume: 'aggressor volume not leaning the trend’s way',
  wrongSide: 'price at a zone of the other side',
  noZone: 'no zone or gap of the allowed side open',
  awayFromZone: 'zones open, price at none of them',
  weak1m: '1m imbalance not beyond the minimum ratio',
  '1mNotAbove5m': '1m imbalance not leading the 5m',
  '5mNotAbove15m': '5m imbalance not leading the 15m',
  weakRejection: 'the 1m candle shows no rejection',
  volumeWarmingUp: 'too few 1m candles for the volume average',
  lowVolume: 'no 1m volume spike',
  notMovingAway: 'price not leaving the zone',
  strategyDisabled: 'strategy disabled',
  orderFlowPrimary: 'order-flow primary fails under the current config',
  microstructurePrimary: 'no rejection at the zone (microstructure primary)',
  belowThreshold: 'confluence score below the minimum',
};
