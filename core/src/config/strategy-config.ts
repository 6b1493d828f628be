import { z } from 'zod';
import { DecimalString } from '../messages/decimal-string.js';

/**
 * Strategy parameters. Defaults are the design document's numbers (section noted per field); a
 * Firestore `strategy_configs/{id}` document overrides any subset and is validated by this schema.
 * Unknown keys are rejected so a typo in the console cannot silently do nothing.
 */
export const StrategyConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
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
        })
        .prefault({}),
      /** §2.2.2 MarketProfileFilter: "at" VAL/VAH means within 0.1 % of it. */
      valueAreaEdgeTolerance: z.number().min(0).default(0.001),
    })
    .prefault({}),
  exits: z
    .strictObject({
      /** §2.5: 0.5 % trailing stop, active from the first tick. */
      trailingStopPct: z.number().gt(0).max(0.05).default(0.005),
      /** §1.5: target hold 30 s – 5 min. */
      maxHoldMs: z.number().int().positive().default(300_000),
    })
    .prefault({}),
  sizing: z
    .strictObject({
      /** Paper/default order size in quote currency (real sizing by risk comes with the risk module). */
      quoteNotional: DecimalString.default('100'),
    })
    .prefault({}),
  paper: z
    .strictObject({
      /** Fixed slippage against the reference trade, in basis points. */
      slippageBps: z.number().min(0).max(500).default(2),
    })
    .prefault({}),
});
export type StrategyConfig = z.infer<typeof StrategyConfigSchema>;

export const defaultStrategyConfig: StrategyConfig = StrategyConfigSchema.parse({});
