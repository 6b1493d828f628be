import { z } from 'zod';
import { DecimalString } from '../../messages/decimal-string.js';
import { RiskSizingSchema } from '../../risk/sizing/risk-sizing-config.js';

/**
 * Limits the execution chain enforces (§2.2.3, §2.2.4). Fractions as elsewhere in config (0.01 = 1 %).
 * Where the document gives a number it is cited; where it gives none the choice is explained.
 */
export const ExecutionLimitsSchema = z.strictObject({
  /** §2.2.4 "Max positions limit", its example "4/5 positions"; §9.7 "Max 5 concurrent forex positions". */
  maxOpenPositions: z.number().int().min(1).max(100).default(5),
  /**
   * Total open notional (this order included) as a fraction of module equity. The document's only
   * figure is an absolute $1,000 example; 1.5 = the default 3× leverage × the 50 % margin buffer,
   * the most the other defaults would let a module hold anyway.
   */
  maxExposurePct: z.number().gt(0).max(10).default(1.5),
  /** Optional absolute cap in quote currency (§2.2.4 example: "$1,050 > $1,000"). */
  maxExposureQuote: DecimalString.optional(),
  /**
   * §2.2.3 "prevent fat-finger errors": the order's price may be at most 1 % from the venue's last
   * trade. 1 % = twice the 0.5 % stop: further than that, the signal's price is stale or wrong and
   * the entry would start beyond its own stop.
   */
  fatFingerBandPct: z.number().gt(0).max(0.1).default(0.01),
  /** §2.2.3 "stop-loss is never worse than 0.5% from entry", §2.5 "0.5-1% maximum": the outer 1 %. */
  maxStopDistancePct: z.number().gt(0).max(0.2).default(0.01),
  /**
   * Refuse signals whose reference trade is older than this on the chain's clock (issue 11 #8): a
   * scalping entry 5 s late is a different trade. Paper and backtests run the chain on the fill
   * reference's tape time, so there the age is the latency model's, not the replay's distance from now.
   */
  maxSignalAgeMs: z.number().int().positive().default(5_000),
  /**
   * Entries are refused while `risk_state/current` was last written longer ago than this (wall clock),
   * or is missing: the portfolio risk service refreshes it every 10 s, so 30 s is three missed beats.
   */
  riskStateMaxAgeMs: z.number().int().positive().default(30_000),
  /** §2.2.4 ReversalDetectionHandler: an opposing signal closes the position and enters the other way. */
  reverseOnOpposingSignal: z.boolean().default(true),
  sizing: RiskSizingSchema.prefault({}),
});
export type ExecutionLimits = z.infer<typeof ExecutionLimitsSchema>;

export const defaultExecutionLimits: ExecutionLimits = ExecutionLimitsSchema.parse({});
