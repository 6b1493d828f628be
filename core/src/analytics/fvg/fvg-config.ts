import { z } from 'zod';
import { Timeframe } from '../candle.js';

/** Fair-value-gap parameters; defaults are the design document's numbers (section per field). */
export const FvgConfigSchema = z.strictObject({
  /** §1.5 / §2.3.2: gaps are identified on the longest timeframe. */
  timeframe: z.enum(Timeframe).default('15m'),
  /**
   * §2.2.2 Fair Value Gap Detector: "minimum 0.2 % gap". The share is of candle 1's edge of the gap
   * (its high for a bullish gap, its low for a bearish one): the price the fast move left from.
   */
  minGapPct: z.number().min(0).default(0.002),
  /** §2.2.7: unfilled gaps are deleted after 24 hours. */
  expiryMs: z.number().int().positive().default(86_400_000),
});
export type FvgConfig = z.infer<typeof FvgConfigSchema>;

export const defaultFvgConfig: FvgConfig = FvgConfigSchema.parse({});
