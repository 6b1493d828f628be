import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';

/** The position monitor wants a position closed: why, and the tape trade that triggered it. */
export const ExitRequested = envelopeSchema(
  'exit.requested',
  z.strictObject({
    positionId: z.string(),
    symbol: z.string(),
    reason: z.enum(['trailing_stop', 'max_hold', 'cascade_reversal', 'adverse_moves', 'risk']),
    detail: z.string(),
    trigger: z.strictObject({ tradeId: z.string(), ts: z.number().int(), price: z.number().positive() }),
  }),
);
export type ExitRequested = z.infer<typeof ExitRequested>;
