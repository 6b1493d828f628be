import { z } from 'zod';

/**
 * Levels 2 and 4 of §2.3 (level 1 is `regime`, level 3 is `cascade`). Defaults are the document's
 * numbers; where it gives none, the choice is explained beside the field.
 */
export const LevelsConfigSchema = z.strictObject({
  /** Level 1 can be switched off for research; the document's engine always runs it. */
  regimeRequired: z.boolean().default(true),
  zone: z
    .strictObject({
      required: z.boolean().default(true),
      /**
       * "Price at a zone": the price is inside the zone widened by this fraction of price on each
       * side. 0.1 %, the same tolerance as the value-area edge (§2.2.2 "at VAL/VAH").
       */
      tolerance: z.number().min(0).max(0.05).default(0.001),
      /** Value-area edges count as zones (§2.3.2 lists market-profile zones). */
      valueAreaEdges: z.boolean().default(true),
      /** Fair value gaps count as zones (§2.3.2). */
      fairValueGaps: z.boolean().default(true),
    })
    .prefault({}),
  bounce: z
    .strictObject({
      required: z.boolean().default(true),
      /** §2.3.4: bounce_strength > 0.7 (rejection: where the 1m candle closes within its range). */
      minRejection: z.number().min(0).max(1).default(0.7),
      /** §2.3.4: volume_spike > 1.5 (current 1m volume / 20-candle average). */
      minVolumeSpike: z.number().min(0).default(1.5),
    })
    .prefault({}),
});
export type LevelsConfig = z.infer<typeof LevelsConfigSchema>;
