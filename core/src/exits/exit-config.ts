import { z } from 'zod';

/** §2.6 dynamic exits: no fixed take-profit; cascade reversal, adverse price moves, trailing stop, max hold. */
export const ExitConfigSchema = z.strictObject({
  /** §2.5: 0.5 % trailing stop, active from the first tick. */
  trailingStopPct: z.number().gt(0).max(0.05).default(0.005),
  /**
   * The position is closed at this age whatever else holds: a cap, not a target. §2.5 says no time-based
   * exits ("hold as long as price moves in our favor"; crypto "exit only on trailing stop OR dump
   * detection"), and §2.2.5 caps the scalping strategy at max_hold_times.scalping_minutes = 30. Read
   * together: no exit on a timer shorter than the strategy's cap, and the cap is 30 min, the same as the
   * portfolio risk manager's orderflow_scalp max hold (risk/portfolio). §1.5's 30 s – 5 min is the hold
   * it aims for, which the flow and trailing-stop exits deliver; a 5-min timer closed every trade of a
   * steady climb at 5 min, with fees above the move.
   */
  maxHoldMs: z.number().int().positive().default(30 * 60_000),
  /** §2.5 / issue 4: the initial stop sits at the zone's far edge, kept within 0.2–0.3 % of entry. */
  initialStop: z
    .strictObject({
      minPct: z.number().gt(0).max(0.05).default(0.002),
      maxPct: z.number().gt(0).max(0.05).default(0.003),
    })
    .refine((s) => s.minPct <= s.maxPct, { message: 'initialStop.minPct must not exceed maxPct' })
    .prefault({}),
  /** §2.6.1: checked every 2 s (and on every trade). */
  checkEveryMs: z.number().int().min(100).max(60_000).default(2_000),
  cascadeReversal: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** §2.6.1: "current_1m < 0.5" — heavy opposite flow in the fast (15-s) window. */
      maxRatio: z.number().gt(0).lt(1).default(0.5),
      /** Trades the 15-s window needs before its ratio means anything (the primary's minimum, §2.2.2). */
      minTrades: z.number().int().min(1).default(5),
    })
    .prefault({}),
  adverseMoves: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** §2.6.2: ticks within the last 15 s. */
      windowMs: z.number().int().min(1_000).max(120_000).default(15_000),
      /** §2.6.2 thresholds by profit: < 0.3 % → 5, < 1 % → 3, < 2 % → 2, ≥ 2 % → 1. */
      thresholds: z
        .array(z.strictObject({ belowProfitPct: z.number(), moves: z.number().int().min(1) }))
        .default([
          { belowProfitPct: 0.3, moves: 5 },
          { belowProfitPct: 1, moves: 3 },
          { belowProfitPct: 2, moves: 2 },
        ]),
      /** Threshold at or above the last band (≥ 2 %). */
      topMoves: z.number().int().min(1).default(1),
    })
    .prefault({}),
});
export type ExitConfig = z.infer<typeof ExitConfigSchema>;
export const defaultExitConfig: ExitConfig = ExitConfigSchema.parse({});
