import { z } from 'zod';
import { DecimalString } from '../messages/decimal-string.js';
import { RegimeConfigSchema } from '../analytics/regime/regime-config.js';
import { MarketProfileConfigSchema } from '../analytics/profile/profile-config.js';
import { ZoneConfigSchema } from '../analytics/zones/zone-config.js';
import { FvgConfigSchema } from '../analytics/fvg/fvg-config.js';
import { LevelsConfigSchema } from '../decision/levels/levels-config.js';
import { ExitConfigSchema } from '../exits/exit-config.js';
import { SimVenueModelSchema } from '../paper/sim-venue-model.js';
import { ExecutionLimitsSchema } from '../execution/chain/execution-limits.js';

/**
 * Strategy parameters. Defaults are the design document's numbers (section noted per field); a
 * Firestore `strategy_configs/{id}` document overrides any subset and is validated by this schema.
 * Unknown keys are rejected so a typo in the console cannot silently do nothing.
 */
export const StrategyConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** §2.3.1 Level 1: regime on the longest timeframe (15m). */
  regime: RegimeConfigSchema.prefault({}),
  /** §2.3.2 Level 2 and §2.3.4 Level 4 (zone proximity, bounce thresholds). */
  levels: LevelsConfigSchema.prefault({}),
  /** §2.2.2 market profile: 15-min window, value area 70 %, bins of N ticks. */
  profile: MarketProfileConfigSchema.prefault({}),
  /** §2.3.2 supply/demand zones on the longest timeframe. */
  zones: ZoneConfigSchema.prefault({}),
  /** §2.3.2 fair value gaps (3-candle rule, ≥ 0.2 %, 24 h expiry). */
  fvg: FvgConfigSchema.prefault({}),
  orderFlow: z
    .strictObject({
      /** §2.2.2 primary analyzer: buy/sell volume over the last 30 s. */
      windowMs: z.number().int().min(1_000).max(300_000).default(30_000),
      /** Issue spec: at least 5 trades in the window before the ratio means anything. */
      minTrades: z.number().int().min(1).default(5),
      /** §2.2.2 OrderFlowAnalyzer threshold 2.5 (mirrored: < 1/2.5 for shorts). */
      ratioThreshold: z.number().gt(1).default(2.5),
    })
    .prefault({}),
  cascade: z
    .strictObject({
      /** §2.3.3: 1m > 5m > 15m imbalance (mirrored for shorts). */
      required: z.boolean().default(true),
      /** §2.3.3: imbalance_1m > 2.0 for longs, < 0.5 for shorts. */
      min1mRatio: z.number().gt(1).default(2.0),
    })
    .prefault({}),
  /** One setup per symbol per cooldown: a burst of aggressive trades is one opportunity, not fifty. */
  setupCooldownMs: z.number().int().min(0).default(60_000),
  scoring: z
    .strictObject({
      /** §2.2.2 entry thresholds. */
      minScore: z.number().min(0).max(10).default(3.0),
      strongScore: z.number().min(0).max(10).default(5.0),
      veryStrongScore: z.number().min(0).max(10).default(7.0),
      weights: z
        .strictObject({
          marketProfile: z.number().min(0).default(1.5),
          meanReversion: z.number().min(0).default(1.5),
          autocorrelation: z.number().min(0).default(1.0),
          /** §2.2.2 #6 (mirrored: supply for shorts): fresh zone full weight, tested 1–2 times half. */
          zone: z.number().min(0).default(2.0),
          /** §2.2.2 #7: the opposite zone ahead as a target. */
          targetZone: z.number().min(0).default(0.5),
          /** §2.2.2 #8: an open gap in the trade's direction. */
          fairValueGap: z.number().min(0).default(1.5),
        })
        .prefault({}),
      /** §2.2.2 primary #2: the microstructure rejection (1m close within its range) must exceed this. */
      minRejection: z.number().min(0).max(1).default(0.7),
      /** §2.2.2 MarketProfileFilter: "at" VAL/VAH means within 0.1 % of it. */
      valueAreaEdgeTolerance: z.number().min(0).default(0.001),
    })
    .prefault({}),
  /** §2.5–2.6: trailing stop, max hold, cascade reversal, adverse moves. */
  exits: ExitConfigSchema.prefault({}),
  /** §2.2.3–2.2.4 execution chain limits and risk-based sizing (2 % per trade, 3× default, 10× cap). */
  execution: ExecutionLimitsSchema.prefault({}),
  /** The paper account: starting equity in quote currency and this strategy's share of it. */
  paper: z
    .strictObject({
      startingEquity: DecimalString.default('10000'),
      capitalAllocation: z.number().gt(0).max(1).default(1),
    })
    .prefault({}),
  /** The paper venue (and the backtester's): latency, slippage, fees, partial fills. */
  paperVenue: SimVenueModelSchema.prefault({}),
});
export type StrategyConfig = z.infer<typeof StrategyConfigSchema>;

export const defaultStrategyConfig: StrategyConfig = StrategyConfigSchema.parse({});
