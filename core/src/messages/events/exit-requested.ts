import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';
import { FillReferenceSchema } from '../fill-reference.schema.js';

/** The position monitor wants a position closed: why, and the tape trade that triggered it. */
export const ExitRequested = envelopeSchema(
  'exit.requested',
  z.strictObject({
    positionId: z.string(),
    symbol: z.string(),
    reason: z.enum(['trailing_stop', 'max_hold', 'cascade_reversal', 'adverse_moves', 'risk']),
    detail: z.string(),
    /** The numbers that triggered it (ratios, move count, stop level, hold time, profit %). */
    values: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).default({}),
    trigger: z.strictObject({ tradeId: z.string(), ts: z.number().int(), price: z.number().positive() }),
    /** Paper venue: the trade this order fills against (see FillReferenceSchema). */
    fillReference: FillReferenceSchema.nullable().default(null),
  }),
);
export type ExitRequested = z.infer<typeof ExitRequested>;
