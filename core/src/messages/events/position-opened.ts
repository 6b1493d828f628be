import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';
import { DecimalString } from '../decimal-string.js';

export const PositionOpened = envelopeSchema(
  'position.opened',
  z.strictObject({
    positionId: z.string(),
    symbol: z.string(),
    exchange: z.string(),
    side: z.enum(['long', 'short']),
    entryPrice: DecimalString,
    amount: DecimalString,
    openedAt: z.number().int(),
    trailingStopPct: z.number().positive(),
    /** The initial stop (zone edge) while it is tighter than the trail; null = trail only. */
    initialStopPrice: DecimalString.nullable().default(null),
    maxHoldMs: z.number().int().positive(),
    /** Perpetuals (isolated margin): the liquidation price the exit monitor watches; absent or null = none (spot, unreachable). */
    liquidationPrice: DecimalString.nullable().optional(),
    /** Live: the venue holds a reduce-only stop for the position; the monitor asks for it to trail (`stop.trail_requested`). */
    exchangeStop: z.boolean().optional(),
  }),
);
export type PositionOpened = z.infer<typeof PositionOpened>;
