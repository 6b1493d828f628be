import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';
import { FillReferenceSchema } from '../fill-reference.schema.js';
import { MarketSpecSchema } from '../market-spec.schema.js';

export const ScoreItemSchema = z.strictObject({ name: z.string(), points: z.number(), max: z.number(), detail: z.string() });

/** `decide` accepted a setup: a trade the execution chain should place. */
export const SignalGenerated = envelopeSchema(
  'signal.generated',
  z.strictObject({
    signalId: z.string(),
    setupEventId: z.string(),
    market: MarketSpecSchema,
    side: z.enum(['long', 'short']),
    score: z.number(),
    strength: z.enum(['weak', 'strong', 'very_strong']),
    explanation: z.array(ScoreItemSchema),
    reference: z.strictObject({ tradeId: z.string(), ts: z.number().int(), price: z.number().positive() }),
    triggerPublishedAt: z.number().int().nonnegative(),
    /** Paper venue: the trade this order fills against (see FillReferenceSchema). */
    fillReference: FillReferenceSchema.nullable().default(null),
    /** Stop distance as a fraction of entry (0.005 = 0.5 %). */
    trailingStopPct: z.number().positive().max(0.2),
    /** §2.5 initial stop at the zone edge, as a fraction of entry (0.2–0.3 %); null = the trailing distance. */
    initialStopPct: z.number().positive().max(0.2).nullable().default(null),
    maxHoldMs: z.number().int().positive(),
  }),
);
export type SignalGenerated = z.infer<typeof SignalGenerated>;
