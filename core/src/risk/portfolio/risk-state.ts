import { z } from 'zod';
import { DecimalString } from '../../messages/decimal-string.js';
import { BlockReason } from './risk-action.js';
import { DrawdownLevel } from './daily-drawdown.js';
import { HealthBand } from './health-score.js';

const values = <T extends Record<string, string>>(o: T) => Object.values(o) as [T[keyof T], ...T[keyof T][]];

const HealthFactorSchema = z.strictObject({
  points: z.number().min(0),
  max: z.number().min(0),
  detail: z.string(),
});

/**
 * `risk_state/current`: what the portfolio risk manager last decided, for the console and for a
 * restarted service to pick up (a tripped breaker survives restarts). `…Pct` fields are fractions.
 */
export const RiskStateSchema = z.strictObject({
  /** Risk time of the figures: the wall clock live, the tape's clock in replays. */
  updatedAt: z.number().int().nonnegative(),
  /**
   * Wall-clock ms of the write: the writer's heartbeat (refreshed every few seconds while the risk
   * service runs). The entry gate refuses a state older than its configured age, or without this
   * field — a dead risk service must not leave its last word in force (issue 11, defect 2).
   */
  writtenAt: z.number().int().nonnegative().optional(),
  health: z.strictObject({
    /** Null before the first evaluation. */
    score: z.number().min(0).max(100).nullable(),
    band: z.enum(values(HealthBand)),
    evaluatedAt: z.number().int().nonnegative().nullable(),
    factors: z
      .strictObject({
        unrealizedPnl: HealthFactorSchema,
        positionQuality: HealthFactorSchema,
        concentrationRisk: HealthFactorSchema,
        holdTimeDistribution: HealthFactorSchema,
        marketConditions: HealthFactorSchema,
      })
      .nullable(),
  }),
  drawdown: z.strictObject({
    /** The UTC day the figures belong to, `YYYY-MM-DD`. */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    level: z.enum(values(DrawdownLevel)),
    /** Loss from the day's start equity, as a fraction. */
    pct: z.number().min(0),
    dayStartEquity: DecimalString.nullable(),
    equity: DecimalString.nullable(),
    /** Next midnight UTC. */
    resetsAt: z.number().int().nonnegative().nullable(),
  }),
  entries: z.strictObject({
    /** New entries refused in every market (breaker, critical drawdown or health < 70). */
    blocked: z.boolean(),
    /** The most severe reason, for display. */
    reason: z.enum(values(BlockReason)).nullable(),
    reasons: z.array(z.enum(values(BlockReason))),
    forexClosed: z.boolean(),
    forexReopensAt: z.number().int().nonnegative().nullable(),
  }),
  breaker: z.strictObject({
    tripped: z.boolean(),
    trippedAt: z.number().int().nonnegative().nullable(),
    drawdownPct: z.number().min(0).nullable(),
    resetsAt: z.number().int().nonnegative().nullable(),
  }),
  leaders: z.array(
    z.strictObject({
      symbol: z.string(),
      /** Drop from the 5-minute high, fraction; null before any trade. */
      dropPct: z.number().nullable(),
      dumpActive: z.boolean(),
    }),
  ),
  positions: z.strictObject({
    open: z.number().int().nonnegative(),
    /** Positions with a close requested and not yet confirmed. */
    closing: z.array(z.string()),
  }),
});
export type RiskState = z.infer<typeof RiskStateSchema>;

/** `YYYY-MM-DD` of a UTC day number. */
export function utcDayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The UTC day number of `YYYY-MM-DD`. */
export function utcDayFromString(s: string): number {
  return Math.floor(Date.parse(`${s}T00:00:00Z`) / 86_400_000);
}
