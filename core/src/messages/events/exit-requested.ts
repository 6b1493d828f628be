import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';
import { FillReferenceSchema } from '../fill-reference.schema.js';

/** The position monitor wants a position closed: why, and the tape trade that triggered it. */
export const ExitRequested = envelopeSchema(
  'exit.requested',
  z.strictObject({
    positionId: z.string(),
    symbol: z.string(),
    reason: z.enum(['liquidation', 'trailing_stop', 'max_hold', 'cascade_reversal', 'adverse_moves', 'risk']),
    detail: z.string(),
    /** The numbers that triggered it (ratios, move count, stop level, hold time, profit %). */
    values: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).default({}),
    trigger: z.strictObject({ tradeId: z.string(), ts: z.number().int(), price: z.number().positive() }),
    /** Paper venue: the trade this order fills against (see FillReferenceSchema). */
    fillReference: FillReferenceSchema.nullable().default(null),
    /**
     * The analytics shard lease the requester held (issue 11, defect 11): execute refuses a token
     * below the shard's current one (a stale owner). Absent on requests from outside analytics.
     */
    fence: z.strictObject({ shard: z.string().min(1), token: z.number().int().positive() }).optional(),
  }),
);
export type ExitRequested = z.infer<typeof ExitRequested>;
