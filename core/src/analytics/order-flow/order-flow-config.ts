import { z } from 'zod';

const HOUR = 3_600_000;
/** A window length in ms: whole, positive, and at most an hour so the shared trade buffer stays small. */
const windowMs = (def: number) => z.number().int().min(1_000).max(HOUR).default(def);

/**
 * What the order-flow measures look at. Defaults are the design document's numbers: §2.2.2 "Real-Time
 * Analytics Components" (Order Flow Analyzer) unless noted; where it gives none, the choice is explained
 * beside the field. Decision thresholds on the imbalance ratio itself (2.5, cascade 2.0) stay in
 * StrategyConfig: this config measures, it does not decide. Unknown keys are rejected.
 * The cascade windows are the timeframes' own lengths (1m/5m/15m, §2.3.3) and are not configurable.
 */
export const OrderFlowConfigSchema = z.strictObject({
  imbalance: z
    .strictObject({
      /** "Lookback Window: Last 30 seconds of trades". */
      windowMs: windowMs(30_000),
      /** "Minimum Volume: At least 5 trades in window (prevent false signals on low volume)". */
      minTrades: z.number().int().min(1).default(5),
      /** §2.6.1/§2.6.4 exit monitoring: "Lookback Window: 15 seconds (rolling window for analysis)". */
      exitWindowMs: windowMs(15_000),
    })
    .prefault({}),
  cvd: z
    .strictObject({
      /** "Cumulative Volume Delta (CVD): Running sum over last 15 minutes". */
      windowMs: windowMs(900_000),
      /**
       * Slope = net delta over this trailing window, per minute. The document only names "CVD
       * divergences"; its order_flow table (§2.2.7) stores CVD with a per-minute `delta`, so 1 minute.
       */
      slopeWindowMs: windowMs(60_000),
    })
    .prefault({}),
  largeTrade: z
    .strictObject({
      /** "Trades >10x average size". */
      multiple: z.number().gt(1).default(10),
      /** "...average size in last 5 minutes". */
      averageWindowMs: windowMs(300_000),
      /** Large trades are counted per side over the same "last 5 minutes". */
      countWindowMs: windowMs(300_000),
      /**
       * Not in the document: trades the average must rest on before anything is called large. 5, the
       * analyzer's own minimum for a meaningful window; with 1 trade "10× the average" is 10× one trade.
       */
      minSample: z.number().int().min(1).default(5),
    })
    .prefault({}),
  exhaustion: z
    .strictObject({
      /** The "current" aggressive volume: the analyzer's own 30-s lookback. */
      windowMs: windowMs(30_000),
      /** "...of 5-min average". */
      baselineWindowMs: windowMs(300_000),
      /** "drops <50% of 5-min average". */
      maxRatio: z.number().gt(0).lt(1).default(0.5),
    })
    .refine((e) => e.windowMs < e.baselineWindowMs, { message: 'exhaustion.windowMs must be shorter than exhaustion.baselineWindowMs' })
    .prefault({}),
  volumeSpike: z
    .strictObject({
      /** §2.3.4: `current_volume / avg_volume_20periods`. */
      periods: z.number().int().min(1).max(500).default(20),
      /** §2.3.4: `volume_spike > 1.5` ("50% more volume than average"). */
      minRatio: z.number().gt(0).default(1.5),
    })
    .prefault({}),
  /**
   * Rolling sums are recomputed from the retained trades after this many evictions (and never more often
   * than once per window's worth, so the cost stays O(1) amortised); compensated sums keep drift tiny
   * in between, the rebuild resets it.
   */
  rebuildEvery: z.number().int().min(1).default(4096),
});
export type OrderFlowConfig = z.infer<typeof OrderFlowConfigSchema>;
export type OrderFlowConfigInput = z.input<typeof OrderFlowConfigSchema>;

export const defaultOrderFlowConfig: OrderFlowConfig = OrderFlowConfigSchema.parse({});
