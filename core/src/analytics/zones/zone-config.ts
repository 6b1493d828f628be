import { z } from 'zod';
import { Timeframe } from '../candle.js';

/** Supply/demand zone parameters; defaults are the design document's numbers (section per field). */
export const ZoneConfigSchema = z
  .strictObject({
    /** §1.5 / §2.3.2: zones are identified on the longest timeframe. */
    timeframe: z.enum(Timeframe).default('15m'),
    /** §2.3.4: volume spike = candle volume / average of the previous 20 candles. */
    volumeLookback: z.number().int().min(1).default(20),
    /** §2.3.4: a spike is more than 1.5× the average ("50 % more volume than average"). */
    volumeSpikeRatio: z.number().min(1).default(1.5),
    /**
     * Spike ratio at which a zone gets its full strength; below it strength scales by ratio / this.
     * Ours: 2 × the spike threshold, so a zone born at the bare threshold starts at half strength.
     */
    fullStrengthVolumeRatio: z.number().positive().default(3),
    /** §2.2.2 MicrostructureAnalyzer: the rejection wick is more than 2× the body. */
    wickBodyRatio: z.number().min(0).default(2),
    /** §2.2.2 MicrostructureAnalyzer: the close sits in the outer 20 % of the range ((close − low)/range > 0.8 for a bullish one). */
    closeLocation: z.number().gt(0).lt(1).default(0.8),
    /** §2.2.7: at most 50 zones per pair. */
    maxZones: z.number().int().min(1).default(50),
    /** §2.3.2 zone strength scoring (0–100). */
    strength: z
      .strictObject({
        fresh: z.number().min(0).max(100).default(100),
        /** Tested 1–2 times. */
        tested: z.number().min(0).max(100).default(70),
        /** Tested `weakenedAtTests` (3) times or more. */
        weakened: z.number().min(0).max(100).default(40),
        weakenedAtTests: z.number().int().min(2).default(3),
      })
      .prefault({}),
    /** "Near" a zone (§2.3.2 price_near_zone): within 0.1 % of the price, the same tolerance as "at" VAL/VAH in §2.2.2. */
    nearPct: z.number().min(0).default(0.001),
  })
  .refine((c) => c.fullStrengthVolumeRatio >= c.volumeSpikeRatio, { message: 'fullStrengthVolumeRatio must be at least volumeSpikeRatio', path: ['fullStrengthVolumeRatio'] });
export type ZoneConfig = z.infer<typeof ZoneConfigSchema>;

export const defaultZoneConfig: ZoneConfig = ZoneConfigSchema.parse({});
