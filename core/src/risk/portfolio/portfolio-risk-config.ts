import { z } from 'zod';

/**
 * Portfolio risk parameters (§2.2.5 `config/portfolio_risk.yaml`). Every `…Pct` field is a FRACTION
 * (0.015 = 1.5 %), like `StrategyConfig.exits.trailingStopPct`; the document's percent is in the
 * comment. Defaults are the document's numbers where it gives one; the rest say why they were chosen.
 */
const fraction = z.number().gt(0).lt(1);
const ms = z.number().int().positive();

export const DrawdownConfigSchema = z.strictObject({
  /** §2.2.5 drawdown_levels: 2 % alert (log + notify). */
  alertPct: fraction.default(0.02),
  /** 3 %: close the worst 50 % of positions. */
  warningPct: fraction.default(0.03),
  /** 4 %: close all positions. */
  criticalPct: fraction.default(0.04),
  /** 5 % (max_daily_drawdown_pct): close all and stop trading until midnight UTC. */
  circuitBreakerPct: fraction.default(0.05),
  /** "Close worst 50% of positions", rounded up so one position of one is closed too. */
  warningCloseShare: fraction.default(0.5),
});

export const CorrelationExitConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** §2.2.5 leaders ['BTC', 'ETH'], as the market symbols the caller feeds candles and trades under. */
  leaders: z.array(z.string().min(1)).min(1).default(['BTC/USDT', 'ETH/USDT']),
  /** btc_dump_threshold_pct 1.5: a drop of at least this from the window's highest trade. */
  leaderDropPct: fraction.default(0.015),
  /** "in 5 minutes". */
  leaderDropWindowMs: ms.default(300_000),
  /** min_correlation 0.7: longs correlated above this are closed on a leader dump. */
  minCorrelation: z.number().gt(-1).lt(1).default(0.7),
  /** "0.4-0.7 = Moderate (tighten stops)". */
  moderateCorrelation: z.number().gt(-1).lt(1).default(0.4),
  /** The document gives no number for "tighten"; 0.3 % is its only tightened trail (health < 50). */
  moderateTrailPct: fraction.default(0.003),
  /** rolling_window_hours 24 = 1440 one-minute returns. */
  windowMinutes: z.number().int().min(2).default(1440),
  /** Fewer aligned returns than this (1 h) and the correlation is unknown, not guessed. */
  minSamples: z.number().int().min(2).default(60),
  /** Minutes without a candle are quiet minutes (no trade, price unchanged) up to this gap; a longer gap is an outage and breaks the series. */
  maxFillMinutes: z.number().int().min(0).default(15),
  /** Running sums are rebuilt exactly after this many evictions (amortised O(1)) so drift cannot accumulate. */
  recomputeEvery: z.number().int().min(1).default(1440),
});

export const DumpDetectionConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  volumeReversal: z
    .strictObject({
      /** consecutive_candles 3. */
      consecutiveCandles: z.number().int().min(1).default(3),
      /** sell_buy_ratio 1.5: "Sell volume > 1.5x Buy volume" (mirrored for shorts). */
      sellBuyRatio: z.number().gt(0).default(1.5),
      /** "Volume spike (3x average) with price drop >0.3%". */
      spikeMultiple: z.number().gt(1).default(3),
      spikePriceMovePct: fraction.default(0.003),
      /** The average the spike is measured against: the previous 20 one-minute candles. */
      averageCandles: z.number().int().min(1).default(20),
    })
    .prefault({}),
  orderFlowFlip: z
    .strictObject({
      /** imbalance_threshold 2.5: the entry was a 2.5:1 buy (§2.2.2), so a 2.5:1 sell is the flip. */
      imbalanceThreshold: z.number().gt(1).default(2.5),
      /** The §2.2.2 order-flow window. */
      windowMs: ms.default(30_000),
      /** As the entry's own analyzer: fewer trades and the ratio means nothing. */
      minTrades: z.number().int().min(1).default(5),
      /** §2.3.3 cascade mirrored: 1m < 5m < 15m buy/sell and 1m < 1/2.0. */
      cascadeMin1mRatio: z.number().gt(1).default(2.0),
      /** "Institutional exit pattern (large sells)": a trade ≥ 10× the mean trade size of the last 15 min. */
      largeTradeMultiple: z.number().gt(1).default(10),
      /** "sells", plural: two in the flow window make a pattern, one is a print. */
      largeTradeMinCount: z.number().int().min(1).default(2),
      largeTradeBaselineCandles: z.number().int().min(1).default(15),
    })
    .prefault({}),
  liquidityDrop: z
    .strictObject({
      /** threshold_pct 30 / window_minutes 10: from the window's highest reading. */
      thresholdPct: fraction.default(0.3),
      windowMs: ms.default(600_000),
      /** "Aggregator quote shows >10% slippage". */
      maxExitSlippagePct: fraction.default(0.1),
    })
    .prefault({}),
  momentumBreak: z
    .strictObject({
      /** lower_highs_count 3: three candles in a row each with a lower high and a lower low. */
      lowerHighsCount: z.number().int().min(1).default(3),
      /** swing_low_break true. */
      swingLowBreak: z.boolean().default(true),
      /** "Recent swing low" = the lowest low of the previous 15 one-minute candles. */
      swingLookbackCandles: z.number().int().min(1).default(15),
      /** "with volume" = at least 1.5× the lookback's mean volume. */
      breakVolumeMultiple: z.number().gt(0).default(1.5),
    })
    .prefault({}),
  resistanceRejection: z
    .strictObject({
      /** "rejected (wick >0.5%)": the wick beyond the body, as a fraction of the body's edge. */
      wickPct: fraction.default(0.005),
      /** Without a supply zone, resistance is the highest high of the last 15 candles. */
      lookbackCandles: z.number().int().min(2).default(15),
      /** A candle "touches" the level when it comes within 0.1 % of it. */
      touchTolerancePct: fraction.default(0.001),
      /** An attempt "failed" when its candle closed at least 0.2 % back from the level (a close just under it is a stall, not a rejection). */
      attemptRetreatPct: fraction.default(0.002),
      /** "Multiple failed attempts": three touches that closed back below. */
      failedAttempts: z.number().int().min(2).default(3),
      /** "Volume declining on each bounce attempt": two or more touches, each on less volume. */
      decliningAttempts: z.number().int().min(2).default(2),
    })
    .prefault({}),
});

export const HealthScoreConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** §2.2.5 weights; the factor's points are weight × 100 × its 0–1 sub-score. */
  weights: z
    .strictObject({
      unrealizedPnl: z.number().min(0).max(1).default(0.3),
      positionQuality: z.number().min(0).max(1).default(0.25),
      concentrationRisk: z.number().min(0).max(1).default(0.2),
      holdTimeDistribution: z.number().min(0).max(1).default(0.15),
      marketConditions: z.number().min(0).max(1).default(0.1),
    })
    .prefault({})
    .refine((w) => Math.abs(w.unrealizedPnl + w.positionQuality + w.concentrationRisk + w.holdTimeDistribution + w.marketConditions - 1) < 1e-9, 'health weights must sum to 1'),
  /** Bands: < 70 caution (no entries), < 50 warning (trails 0.3 %), < 30 critical (close worst 2). */
  cautionBelow: z.number().min(0).max(100).default(70),
  warningBelow: z.number().min(0).max(100).default(50),
  criticalBelow: z.number().min(0).max(100).default(30),
  warningTrailPct: fraction.default(0.003),
  criticalCloseCount: z.number().int().min(1).default(2),
  /** "-5% or worse = 0 points, +5% or better = 30 points", linear between. */
  pnlRangePct: fraction.default(0.05),
  quality: z
    .strictObject({
      /** "Volume trending up": mean volume of the last 5 candles ≥ mean of the 10 before them. */
      recentCandles: z.number().int().min(1).default(5),
      baselineCandles: z.number().int().min(1).default(10),
      /** "Liquidity stable": within 10 % of the liquidity window's highest reading. */
      liquidityDropPct: fraction.default(0.1),
    })
    .prefault({}),
  concentration: z
    .strictObject({
      /** Full points up to 1 position per correlated group, none from 5; 4 ⇒ 5/20 as in the document's example. */
      fullPointsUpTo: z.number().int().min(0).default(1),
      zeroPointsAt: z.number().int().min(1).default(5),
    })
    .prefault({}),
  holdTime: z
    .strictObject({
      /** "Fresh positions (<5 min) = good". */
      freshMs: ms.default(300_000),
      /** Sub-score at the strategy's max hold, linear from 1 at `freshMs` (18 min scalp ⇒ 0.79, the example's 12/15). */
      scoreAtMaxHold: z.number().min(0).max(1).default(0.6),
      /** "Meme coins held >24h = major penalty": an overdue meme position counts twice. */
      memeOverdueWeight: z.number().min(1).default(2),
    })
    .prefault({}),
  marketConditions: z
    .strictObject({
      /** "VIX equivalent": σ of the leaders' last 60 one-minute returns over σ of their last 1440. */
      shortReturns: z.number().int().min(2).default(60),
      longReturns: z.number().int().min(2).default(1440),
      minShortSamples: z.number().int().min(2).default(30),
      minLongSamples: z.number().int().min(2).default(120),
      /** Ratio ≤ 1 full points, ≥ 2 none; 1.5 ⇒ 5/10 (the example's "high volatility"). */
      calmRatio: z.number().gt(0).default(1),
      stormRatio: z.number().gt(0).default(2),
    })
    .prefault({}),
});

export const MaxHoldConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** §2.2.5 max_hold_times, by the module's strategy. */
  byStrategy: z
    .strictObject({
      orderflow_scalp: ms.default(30 * 60_000),
      meme: ms.default(24 * 3_600_000),
      arbitrage: ms.default(4 * 3_600_000),
    })
    .prefault({}),
  /** Per-module overrides, by `modules/{id}`. */
  byModule: z.record(z.string(), ms).default({}),
});

export const ForexSessionConfigSchema = z.strictObject({
  /** forex_session_based true. */
  enabled: z.boolean().default(true),
  /** Friday 23:30 GMT: "Force close 30 min before session end". 0 = Sunday. */
  closeWeekday: z.number().int().min(0).max(6).default(5),
  closeMinuteUtc: z.number().int().min(0).max(1439).default(23 * 60 + 30),
  /** §1.4 "Forex: 24/5 trading (Monday 00:00 GMT - Friday 23:59 GMT)". */
  reopenWeekday: z.number().int().min(0).max(6).default(1),
  reopenMinuteUtc: z.number().int().min(0).max(1439).default(0),
});

export const PortfolioRiskConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** check_interval_seconds 10: how often `tick` re-scores health. */
    checkIntervalMs: ms.default(10_000),
    /** A close not confirmed by `onPositionClosed` within a minute is asked for again. */
    closeRetryMs: ms.default(60_000),
    drawdown: DrawdownConfigSchema.prefault({}),
    correlationExit: CorrelationExitConfigSchema.prefault({}),
    dumpDetection: DumpDetectionConfigSchema.prefault({}),
    healthScore: HealthScoreConfigSchema.prefault({}),
    maxHold: MaxHoldConfigSchema.prefault({}),
    forexSession: ForexSessionConfigSchema.prefault({}),
  })
  .superRefine((c, ctx) => {
    const d = c.drawdown;
    if (!(d.alertPct < d.warningPct && d.warningPct < d.criticalPct && d.criticalPct < d.circuitBreakerPct)) {
      ctx.addIssue({ code: 'custom', path: ['drawdown'], message: 'drawdown levels must ascend: alert < warning < critical < circuit breaker' });
    }
    const h = c.healthScore;
    if (!(h.criticalBelow <= h.warningBelow && h.warningBelow <= h.cautionBelow)) {
      ctx.addIssue({ code: 'custom', path: ['healthScore'], message: 'health bands must ascend: critical ≤ warning ≤ caution' });
    }
    if (c.correlationExit.moderateCorrelation > c.correlationExit.minCorrelation) {
      ctx.addIssue({ code: 'custom', path: ['correlationExit'], message: 'moderateCorrelation must not exceed minCorrelation' });
    }
    if (h.concentration.zeroPointsAt <= h.concentration.fullPointsUpTo) {
      ctx.addIssue({ code: 'custom', path: ['healthScore', 'concentration'], message: 'zeroPointsAt must exceed fullPointsUpTo' });
    }
    if (h.marketConditions.stormRatio <= h.marketConditions.calmRatio) {
      ctx.addIssue({ code: 'custom', path: ['healthScore', 'marketConditions'], message: 'stormRatio must exceed calmRatio' });
    }
    if (new Set(c.correlationExit.leaders).size !== c.correlationExit.leaders.length) {
      ctx.addIssue({ code: 'custom', path: ['correlationExit', 'leaders'], message: 'leaders must be distinct' });
    }
  });

export type PortfolioRiskConfig = z.infer<typeof PortfolioRiskConfigSchema>;
export type DrawdownConfig = z.infer<typeof DrawdownConfigSchema>;
export type CorrelationExitConfig = z.infer<typeof CorrelationExitConfigSchema>;
export type DumpDetectionConfig = z.infer<typeof DumpDetectionConfigSchema>;
export type HealthScoreConfig = z.infer<typeof HealthScoreConfigSchema>;
export type MaxHoldConfig = z.infer<typeof MaxHoldConfigSchema>;
export type ForexSessionConfig = z.infer<typeof ForexSessionConfigSchema>;

export const defaultPortfolioRiskConfig: PortfolioRiskConfig = PortfolioRiskConfigSchema.parse({});
