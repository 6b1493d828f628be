import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';
import { FillReferenceSchema } from '../fill-reference.schema.js';
import { MarketSpecSchema } from '../market-spec.schema.js';

const ZoneHitSchema = z.strictObject({
  kind: z.enum(['demand', 'supply', 'fvg', 'value_area']),
  id: z.string(),
  low: z.number(),
  high: z.number(),
  strength: z.number().min(0).max(100).nullable(),
  tests: z.number().int().nonnegative().nullable(),
});

export const FlowWindowSchema = z.strictObject({
  windowMs: z.number().int().positive(),
  buyVolume: z.number().nonnegative(),
  sellVolume: z.number().nonnegative(),
  trades: z.number().int().nonnegative(),
  /** buy/sell volume ratio; null when there was no sell volume (ratio undefined, not infinite). */
  ratio: z.number().nonnegative().nullable(),
});

/**
 * Analytics saw the market conditions for an entry (the hot-path levels passed) and asks `decide`
 * to score it. The trigger trade is the one whose arrival completed the setup; paper fills price off it.
 */
export const SetupDetected = envelopeSchema(
  'setup.detected',
  z.strictObject({
    market: MarketSpecSchema,
    side: z.enum(['long', 'short']),
    trigger: z.strictObject({ tradeId: z.string(), ts: z.number().int(), price: z.number().positive() }),
    /** Wall-clock ms when the trigger trade's batch was published: the start of end-to-end latency. */
    triggerPublishedAt: z.number().int().nonnegative(),
    /** Paper venue: the trade this order fills against (see FillReferenceSchema). */
    fillReference: FillReferenceSchema.nullable().default(null),
    flow: z.strictObject({
      w30s: FlowWindowSchema,
      w1m: FlowWindowSchema,
      w5m: FlowWindowSchema,
      w15m: FlowWindowSchema,
    }),
    /** What `decide` scores with (§2.2.2 secondary filters), measured at the trigger trade. */
    context: z.strictObject({
      price: z.number().positive(),
      mean15m: z.number().nullable(),
      std15m: z.number().nonnegative().nullable(),
      autocorr1m: z.number().min(-1).max(1).nullable(),
      profile: z.strictObject({ poc: z.number(), valueAreaHigh: z.number(), valueAreaLow: z.number() }).nullable(),
      /** Level 1's verdict and the numbers behind it. */
      regime: z.strictObject({ verdict: z.string(), reason: z.string(), adx: z.number().nullable(), persistence: z.number().nullable(), meanReversion: z.number().nullable() }).nullable(),
      /** Level 2: the zone the price is at (demand for longs, supply for shorts, or a gap / value-area edge). */
      zone: ZoneHitSchema.nullable(),
      /** The opposite zone ahead of the trade (a long's supply above): its target. */
      targetZone: ZoneHitSchema.nullable(),
      /** An open fair value gap in the trade's direction. */
      fvg: ZoneHitSchema.nullable(),
      /** Level 4 / primary microstructure: rejection within the 1m range, volume spike, leaving the zone. */
      bounce: z.strictObject({ rejection: z.number(), volumeSpike: z.number().nullable(), movingAway: z.boolean() }).nullable(),
    }),
    levels: z.array(z.strictObject({ level: z.string(), passed: z.boolean(), detail: z.string() })),
  }),
);
export type SetupDetected = z.infer<typeof SetupDetected>;
