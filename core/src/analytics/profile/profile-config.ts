import { z } from 'zod';

/** Market-profile parameters; defaults are the design document's numbers (section per field). */
export const MarketProfileConfigSchema = z.strictObject({
  /** §1.5 / §2.2.7: the profile covers the last 15 minutes of trades (the longest timeframe). */
  windowMs: z.number().int().positive().default(900_000),
  /**
   * Bin width in ticks of the market's price precision. 10 (docs/decisions.md): one-tick bins on a
   * 15-minute profile are mostly empty, so no row stands out as the POC.
   */
  binTicks: z.number().int().min(1).default(10),
  /** §2.2.2: the value area holds 70 % of the volume. */
  valueAreaPct: z.number().gt(0).max(1).default(0.7),
});
export type MarketProfileConfig = z.infer<typeof MarketProfileConfigSchema>;

export const defaultMarketProfileConfig: MarketProfileConfig = MarketProfileConfigSchema.parse({});
