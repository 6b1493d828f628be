import { z } from 'zod';
import { DecimalString } from '../messages/decimal-string.js';

/**
 * How the simulated venue (backtester and paper venue alike) turns tape trades into fills. One
 * schema so a backtest and a paper session with the same model produce the same fills; unknown keys
 * are rejected so a misspelt override cannot silently do nothing.
 */
export const SimVenueModelSchema = z.strictObject({
  latency: z
    .strictObject({
      /**
       * Decision → request at the venue (our pipeline and the network). 50 ms: §9.2 "average latency
       * < 50 ms (signal to order)".
       */
      signalToOrderMs: z.number().int().min(0).max(60_000).default(50),
      /**
       * Request at the venue → live in the matching engine (gateway, risk checks, matching). No number
       * in the design document; 50 ms makes the default total the §6.1 ceiling of 100 ms, pessimistic on
       * purpose so backtests do not flatter. Replace with the measured value (issue 5 item 10).
       */
      orderToFillMs: z.number().int().min(0).max(60_000).default(50),
    })
    .prefault({}),
  slippage: z
    .strictObject({
      /** Fixed cost of crossing against the reference trade; 2 bps as the paper config's `slippageBps`. */
      fixedBps: z.number().min(0).max(500).default(2),
      /**
       * Linear size impact: a taker slice of `qty` adds `impactBps × qty / recentVolume`, recentVolume
       * being the tape's base volume over `recentVolumeWindowMs` up to and including the filling trade.
       * 10 bps for a slice the size of the whole window's volume; tunable, not from the document.
       */
      impactBps: z.number().min(0).max(1_000).default(10),
      /** Ceiling of the impact term, so one thin minute cannot price a fill absurdly. */
      maxImpactBps: z.number().min(0).max(1_000).default(50),
    })
    .prefault({}),
  /** Window of tape volume that impact and partial fills are measured against. */
  recentVolumeWindowMs: z.number().int().min(1).max(3_600_000).default(60_000),
  partialFills: z
    .strictObject({
      /** Off by default: the whole remaining quantity fills on the triggering trade (as the paper fill does today). */
      enabled: z.boolean().default(false),
      /**
       * When on: over any trailing window, our fills on this venue total at most this fraction of the
       * tape's volume in that window; what does not fit rests until more volume prints, or the order is
       * cancelled or expires.
       */
      maxParticipation: z.number().gt(0).max(1).default(0.1),
    })
    .prefault({}),
  /** Fee rates as decimal fractions ("0.001" = 0.1 %; negative = rebate); absent = the MarketSpec's. */
  fees: z
    .strictObject({
      taker: DecimalString.optional(),
      maker: DecimalString.optional(),
    })
    .prefault({}),
});
export type SimVenueModel = z.infer<typeof SimVenueModelSchema>;
export type SimVenueModelInput = z.input<typeof SimVenueModelSchema>;

export const defaultSimVenueModel: SimVenueModel = SimVenueModelSchema.parse({});

/** Total delay from a request's time to its effect at the matching engine (orders, cancels, amends). */
export function requestLatencyMs(m: SimVenueModel): number {
  return m.latency.signalToOrderMs + m.latency.orderToFillMs;
}
