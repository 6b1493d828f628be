/**
 * Trade-level statistics of the generated tapes, fitted to the two dense real tapes in
 * sample-data/tapes (Binance USD-M ETHUSDT 2024-08-08 23:54–24:00, 14,076 trades, and Binance spot
 * ETHUSDT 2024-08-09 00:00–00:05, 8,409 trades; pooled, 22,485 trades). Measured on 2026-12-07 with
 * openTape over both files (`npm run synth -- --measure TAPE` prints them per tape), BEFORE any
 * generated tape was backtested; not to be changed to make a strategy trade.
 *
 * A "taker order" is a run of trades with the same millisecond and the same aggressor side (one
 * aggressive order filling against several resting ones):
 *   trades 22,485 in 6,538 taker orders: 3.44 fills per order, 55.3 % with a single fill
 *   ln(notional per fill, USDT): mean 4.744, sd 2.409 (per tape: 5.379 / 2.167 perp, 3.682 / 2.418 spot)
 *   gap between taker orders (positive gaps): mean 99.6 ms, ln(gap ms) mean 3.081, sd 1.994
 *   buy share: 0.505 of trades, 0.540 of volume; next taker order on the same side: 0.716
 * Also measured, not used for the fit (sparser or older): XRP/ETH 2019 (0.058 trades/s, buy share
 * 0.523, ln size sd 1.89), ETH/USDT 2023-02-02 (4.8 trades/s, buy share 0.527, ln notional 6.96 / 2.63),
 * BTC/USDT 2021-01-08 Parquet (43 trades/s, buy share 0.543, ln notional 5.36 / 2.26).
 */
export const MEASURED = {
  muLnNotional: 4.744,
  sdLnNotional: 2.409,
  fillsPerOrder: 3.44,
  singleFillShare: 0.553,
  meanGapMs: 99.6,
  sdLnGap: 1.994,
  buyShareTrades: 0.505,
  sameSideNextOrder: 0.716,
} as const;

/** The generator's parameters derived from MEASURED (each line says how). */
export const MICRO = {
  /** ln(notional) of one fill ~ N(4.744, 2.409²). */
  muLnNotional: MEASURED.muLnNotional,
  sdLnNotional: MEASURED.sdLnNotional,
  /** P(one fill) = 0.553; otherwise 2 + geometric with mean (3.44 − 0.553)/(1 − 0.553) − 2 = 4.46 more. */
  singleFillShare: MEASURED.singleFillShare,
  extraFillsMean: (MEASURED.fillsPerOrder - MEASURED.singleFillShare) / (1 - MEASURED.singleFillShare) - 2,
  /** Gaps between taker orders log-normal with the measured ln-sd and the measured mean: μ = ln(99.6) − 1.994²/2. */
  sdLnGap: MEASURED.sdLnGap,
  muLnGap: Math.log(MEASURED.meanGapMs) - (MEASURED.sdLnGap * MEASURED.sdLnGap) / 2,
  /**
   * Side persistence: keep the previous order's side with probability q, else draw afresh, so
   * P(same) = q + (1 − q)/2 = 0.716 → q = 0.432 when buys and sells are even.
   */
  keepSide: 2 * MEASURED.sameSideNextOrder - 1,
  /** A fill after the first of one taker order walks the book by one tick every 3 fills. */
  fillsPerTick: 3,
  /** ETH/USDT-like market: tick 0.01, amounts to 0.0001 (the spot tape's precision). */
  pricePrecision: 2,
  amountPrecision: 4,
} as const;
