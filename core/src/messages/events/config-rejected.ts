import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';

/**
 * A console edit failed validation: the last good version stays in effect. The event id derives from
 * the document path and its update time, so every watcher that sees the bad edit reports it once.
 */
export const ConfigRejected = envelopeSchema(
  'config.rejected',
  z.strictObject({
    path: z.string(),
    /** Update time of the rejected version (UTC ms). */
    updateTime: z.number().int().nonnegative(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).min(1),
    /** Where the last good version came from (update time), or null when defaults are in effect. */
    keptVersion: z.number().int().nonnegative().nullable(),
    detectedBy: z.string(),
  }),
);
export type ConfigRejected = z.infer<typeof ConfigRejected>;
