import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';

/**
 * The exit monitor's trailing stop of a position tightened (issue 11 #1): execute moves the position's
 * exchange-held stop toward `trailLevel` — never looser, by at least 5 ticks, at most once per 5 s
 * (core `planProtectiveStop`), so the monitor may send one per tightening without flooding the venue.
 * Travels on `exits.requested`, whose consumer (execute-exit) owns the position's venue orders.
 * Paper positions ignore it.
 */
export const StopTrailRequested = envelopeSchema(
  'stop.trail_requested',
  z.strictObject({
    positionId: z.string().min(1),
    symbol: z.string().min(1),
    /** The client trailing stop's level now (exact decimal string or number). */
    trailLevel: z.union([z.string().regex(/^\d+(\.\d+)?$/), z.number().positive()]),
    /** The last trade price the monitor saw: a stop at or through it would trigger at once and is held. */
    lastPrice: z.union([z.string().regex(/^\d+(\.\d+)?$/), z.number().positive()]),
  }),
);
export type StopTrailRequested = z.infer<typeof StopTrailRequested>;
