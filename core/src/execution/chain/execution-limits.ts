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
  /** Refuse signals older than this on the clock; off by default because replays run on tape time. */
  maxSignalAgeMs: z.number().int().positive().optional(),
  /** §2.2.4 ReversalDetectionHandler: an opposing signal closes the position and enters the other way. */
  reverseOnOpposingSignal: z.boolean().default(true),
  sizing: RiskSizingSchema.prefault({}),
});
export type ExecutionLimits = z.infer<typeof ExecutionLimitsSchema>;

export const defaultExecutionLimits: ExecutionLimits = ExecutionLimitsSchema.parse({});
