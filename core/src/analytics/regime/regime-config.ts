import { z } from 'zod';

/**
 * Level 1 (trend & regime) thresholds and lookbacks. Defaults are the design document's numbers
 * (§2.3.1 unless noted); where it gives none, the choice is explained beside the field. Unknown keys
 * are rejected so a typo cannot silently do nothing.
 */
export const RegimeConfigSchema = z.strictObject({
  adx: z
    .strictObject({
      /** Wilder's period; §2.3.1 "ADX(14)" via issue 3. */
      period: z.number().int().min(2).max(100).default(14),
      /** §2.3.1: ADX > 25 is trending. */
      trendMin: z.number().min(0).max(100).default(25),
      /** §2.3.1: ADX < 20 is ranging (REJECT). Only used with `hysteresis`. */
      rangeMax: z.number().min(0).max(100).default(20),
      /**
       * Between rangeMax and trendMin the document gives no verdict. With hysteresis a trend that held
       * on the previous 15m candle (same direction) keeps passing the ADX check while ADX ≥ rangeMax;
       * a new trend still needs ADX > trendMin. Without it, the 20 is unused.
       */
      hysteresis: z.boolean().default(true),
      /**
       * Not in the document: the structure's direction must agree with the DI (+DI > −DI for an
       * uptrend). ADX has no direction, so without this a 3-candle bounce inside a strong downtrend
       * (high ADX from the fall) would read as an uptrend.
       */
      requireDiAgreement: z.boolean().default(true),
    })
    .refine((a) => a.rangeMax <= a.trendMin, { message: 'adx.rangeMax must not exceed adx.trendMin' })
    .prefault({}),
  atr: z
    .strictObject({
      period: z.number().int().min(2).max(100).default(14),
      /**
       * §2.3.1 "ATR below threshold" rejects, without a number. 0.1 % of price per 15m candle: the
       * strategy aims for 0.5–1 % per trade within 5 min (§1.5), unreachable in a market whose 15m
       * candles move less than a tenth of a percent.
       */
      minPercent: z.number().min(0).max(100).default(0.1),
    })
    .prefault({}),
  structure: z
    .strictObject({
      /** §2.3.1: "last 3 candles on 15M making higher highs/higher lows". */
      candles: z.number().int().min(2).max(10).default(3),
      /**
       * Not a number the document gives: how many closed candles a trend may ride a pullback that holds
       * above the swing low the last HH/HL run rose from (below the swing high for a downtrend), when the previous
       * 15m candle was already that trend. §2.3.2 trades pullbacks into demand zones in an uptrend, and a
       * pullback candle breaks a strict 3-candle HH/HL at once (a stair-step trend read as trending on
       * only half its candles, never on the pullbacks). 4 = a pullback of up to 3 candles (as long as
       * the run that set the trend) plus the first candle back, after which a new 3-candle run is due.
       * Like ADX's hysteresis, it keeps a trend and never starts one. 0 = strict 3-candle structure.
       */
      holdCandles: z.number().int().min(0).max(20).default(4),
    })
    .prefault({}),
  persistence: z
    .strictObject({
      /** §2.3.1: "last 50-100 candles on longest timeframe"; 100, the steadier end (σ of a random walk's reading ≈ 0.075 vs 0.11 at 50). */
      window: z.number().int().min(50).max(100).default(100),
      /** §2.3.1: directional persistence > 0.55. */
      min: z.number().min(0).max(1).default(0.55),
    })
    .prefault({}),
  meanReversion: z
    .strictObject({
      /** Rolling mean/σ length: the document does not say; 20 candles, the Bollinger convention. */
      lookback: z.number().int().min(5).max(200).default(20),
      /** §2.3.1: "after 2σ deviation". */
      entrySigma: z.number().gt(0).default(2),
      /** Back "to the recent mean": within 1σ of it (issue 3's definition). */
      exitSigma: z.number().min(0).default(1),
      /** Return time that scores 0: 10 candles (2.5 h on 15m); slower than that is drift, not a snap back. */
      maxWait: z.number().int().min(1).max(100).default(10),
      /** Episodes counted over the same span as persistence (§2.3.1 50–100 candles). */
      window: z.number().int().min(10).max(500).default(100),
      /** §2.3.1 combined filter: mean_reversion_strength < 0.6. */
      max: z.number().min(0).max(1).default(0.6),
    })
    .refine((m) => m.entrySigma > m.exitSigma, { message: 'meanReversion.entrySigma must exceed exitSigma' })
    .prefault({}),
  volume: z
    .strictObject({
      /**
       * §2.3.1 lists "increasing volume in trend direction" but leaves it out of the combined filter
       * logic it gives; off by default (Level 3's cascade already demands aggressor flow in the trade
       * direction). When on, the aggressor balance over the structure candles must lean the trend's way.
       */
      required: z.boolean().default(false),
      /** Minimum Σ(buy − sell)/Σvolume in the trend direction over the structure candles. */
      minDeltaShare: z.number().min(0).max(1).default(0),
    })
    .prefault({}),
  rsi1m: z
    .strictObject({
      /** §2.2.2 mean-reversion calculator: 14-period RSI on 1M. */
      period: z.number().int().min(2).max(100).default(14),
    })
    .prefault({}),
  autocorr1m: z
    .strictObject({
      /** §2.2.2 autocorrelation detector: last 10 candles on 1M. */
      candles: z.number().int().min(4).max(200).default(10),
    })
    .prefault({}),
  /**
   * Extra candles on top of each Wilder indicator's first value until its seed weighs < 1 % (63 at
   * period 14), so a warm-started ADX/ATR/RSI matches one computed from far older history. Retention only.
   */
  settleWeight: z.number().gt(0).lt(1).default(0.01),
});
export type RegimeConfig = z.infer<typeof RegimeConfigSchema>;
export type RegimeConfigInput = z.input<typeof RegimeConfigSchema>;

export const defaultRegimeConfig: RegimeConfig = RegimeConfigSchema.parse({});
