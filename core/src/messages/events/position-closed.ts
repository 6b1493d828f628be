import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';
import { DecimalString } from '../decimal-string.js';

export const PositionClosed = envelopeSchema(
  'position.closed',
  z.strictObject({
    positionId: z.string(),
    symbol: z.string(),
    exchange: z.string(),
    side: z.enum(['long', 'short']),
    entryPrice: DecimalString,
    exitPrice: DecimalString,
    amount: DecimalString,
    fees: DecimalString,
    /** Net of fees, in quote currency. */
    pnl: DecimalString,
    pnlPct: z.number(),
    reason: z.string(),
    openedAt: z.number().int(),
    closedAt: z.number().int(),
  }),
);
export type PositionClosed = z.infer<typeof PositionClosed>;
