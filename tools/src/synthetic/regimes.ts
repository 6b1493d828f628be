/**
 * The generated market regimes, their parameters FIXED on 2026-12-07 before any of these tapes was
 * backtested (issue 10: "generated regimes whose parameters you fix before you look at results").
 * They are designed from the spec's thresholds and plausible crypto volatility, never tuned on the
 * strategy's output; a change here needs a line in docs/decisions.md saying why.
 *
 * The log price is x(t) = ln(price) + skeleton(t) + noise(t): the skeleton is the regime's shape
 * (deterministic given the seed), the noise is Brownian (walk) or Ornstein–Uhlenbeck around the
 * skeleton (a steady shape with wiggles). Volatility 0.35 % per 15 min for the walk is ETH's ~65 %
 * a year in 2024 (0.65 / √(365 × 96)); the other regimes scale from it.
 */
import type { ValueOf } from '@cascade/core';

export const Regime = {
  Trend: 'trend',
  Mirror: 'mirror',
  Chop: 'chop',
  Walk: 'walk',
  Crash: 'crash',
} as const;
export type Regime = ValueOf<typeof Regime>;
export const regimes: readonly Regime[] = Object.values(Regime);

const MIN = 60_000;
const M15 = 15 * MIN;

export interface RegimeParams {
  /** `brownian` accumulates (a random walk); `ou` pulls back to the skeleton with this half-life. */
  readonly noise: 'brownian' | 'ou';
  /** Brownian: sd of the 15-min change. OU: stationary sd around the skeleton. Fractions of price. */
  readonly sd: number;
  readonly halfLifeMin: number;
  /**
   * Aggressor tilt: P(buy) = 0.5 + tilt × tanh(momentum / scale), momentum = the last minute's move
   * of x (an exponential average with 60-s memory), scale = `momentumScale` (fraction of price). So
   * flow leads moves (buy-led rises, sell-led falls) without being their cause.
   */
  readonly tilt: number;
  readonly momentumScale: number;
}

export const REGIME_PARAMS: Readonly<Record<Regime, RegimeParams>> = {
  // Driftless random walk: 0.35 % per 15 min, flow tilt ±0.2 on a one-minute move of 0.09 % (0.35 / √15).
  walk: { noise: 'brownian', sd: 0.0035, halfLifeMin: 0, tilt: 0.2, momentumScale: 0.0009 },
  // Mean-reverting range: ±0.6 % sd around the start price, half-life 45 min.
  chop: { noise: 'ou', sd: 0.006, halfLifeMin: 45, tilt: 0.2, momentumScale: 0.0009 },
  // Stair-step uptrend (TREND below) with small wiggles: 0.05 % sd, half-life 5 min.
  trend: { noise: 'ou', sd: 0.0005, halfLifeMin: 5, tilt: 0.2, momentumScale: 0.0003 },
  mirror: { noise: 'ou', sd: 0.0005, halfLifeMin: 5, tilt: 0.2, momentumScale: 0.0003 },
  // Steady (0.2 % sd, half-life 15 min) then the fall (CRASH below).
  crash: { noise: 'ou', sd: 0.002, halfLifeMin: 15, tilt: 0.2, momentumScale: 0.0009 },
};

/**
 * The stair-step trend, one cycle of 12 × 15m candles (3 h), in fractions of price per candle:
 * - candles 0–7, impulse: +0.15 % each (+1.2 %), buy-led through the tilt;
 * - candles 8–9, pullback: −0.2 % each (−0.4 %, a third of the impulse), sell-led;
 * - candle 10, rejection R: 6 min down −0.6 %, 9 min up +0.8 % (close +0.2 % above its open, at its
 *   high), at twice the order rate: wick 0.6 > 2 × body 0.2 and ≥ 1.5× volume, i.e. a §2.3.4
 *   demand zone [R.low, R.open];
 * - candle 11, retest S: 10 min down −0.35 % into that zone, then a 90-s aggressive buy burst (5× the
 *   order rate, P(buy) 0.9, orders twice the size) lifting +0.6 % out of it, then +0.1 % to the close.
 * Net +1.35 % per 3 h (+0.45 %/h).
 */
export const TREND = {
  cycleCandles: 12,
  impulseCandles: 8,
  impulseStep: 0.0015,
  pullbackCandles: 2,
  pullbackStep: -0.002,
  rejection: { downMin: 6, down: -0.006, up: 0.008, rateMultiple: 2 },
  retest: { downMin: 10, down: -0.0035, burstSec: 90, burst: 0.006, after: 0.001, rateMultiple: 5, buyShare: 0.9, sizeMultiple: 2 },
} as const;

/** The crash: steady for 60 % of the tape, then a fall of 25–40 % (uniform, from the seed) over 2 h, then steady. */
export const CRASH = { startShare: 0.6, minFall: 0.25, maxFall: 0.4, durationMin: 120 } as const;

/** What the skeleton says at one instant: its log-level, and any burst in force. */
export interface SkeletonPoint {
  readonly level: number;
  /** Order-rate multiple (1 normally). */
  readonly rate: number;
  /** Forced P(buy) during a burst (the tilt is not applied), else null. */
  readonly buyShare: number | null;
  /** Multiple of the fitted order size (1 normally). */
  readonly size: number;
}

const plain = (level: number): SkeletonPoint => ({ level, rate: 1, buyShare: null, size: 1 });

/**
 * The skeleton of `regime` at `t` (ms since the generation's origin, which is 15m-aligned; `tapeStart`
 * is where the tape proper begins, `tapeMs` its length; `crashFall` the seeded fall).
 */
export function skeletonAt(regime: Regime, t: number, tapeStart: number, tapeMs: number, crashFall: number): SkeletonPoint {
  if (regime === 'trend' || regime === 'mirror') return trendAt(t);
  if (regime === 'crash') {
    const from = tapeStart + CRASH.startShare * tapeMs;
    const k = Math.min(1, Math.max(0, (t - from) / (CRASH.durationMin * MIN)));
    const active = k > 0 && k < 1;
    // Linear in log price: the same pace all the way down; sellers lead through the tilt.
    return { level: k * Math.log(1 - crashFall), rate: active ? 2 : 1, buyShare: null, size: 1 };
  }
  return plain(0);
}

/** Log level of the stair-step at `t` ms from a cycle-aligned origin. */
function trendAt(t: number): SkeletonPoint {
  const T = TREND;
  const k = Math.floor(t / M15);
  const cycle = Math.floor(k / T.cycleCandles);
  const phase = k - cycle * T.cycleCandles;
  const into = t - k * M15; // ms into the candle
  const r = T.rejection;
  const s = T.retest;
  const perCycle = T.impulseCandles * T.impulseStep + T.pullbackCandles * T.pullbackStep + (r.down + r.up) + (s.down + s.burst + s.after);
  let level = cycle * perCycle;
  const frac = into / M15;
  if (phase < T.impulseCandles) return plain(level + (phase + frac) * T.impulseStep);
  level += T.impulseCandles * T.impulseStep;
  if (phase < T.impulseCandles + T.pullbackCandles) return plain(level + (phase - T.impulseCandles + frac) * T.pullbackStep);
  level += T.pullbackCandles * T.pullbackStep;
  if (phase === T.cycleCandles - 2) {
    const downMs = r.downMin * MIN;
    const lv = into < downMs ? level + (r.down * into) / downMs : level + r.down + (r.up * (into - downMs)) / (M15 - downMs);
    return { level: lv, rate: r.rateMultiple, buyShare: null, size: 1 };
  }
  level += r.down + r.up;
  const downMs = s.downMin * MIN;
  if (into < downMs) return plain(level + (s.down * into) / downMs);
  const burstEnd = downMs + s.burstSec * 1000;
  if (into < burstEnd) return { level: level + s.down + (s.burst * (into - downMs)) / (s.burstSec * 1000), rate: s.rateMultiple, buyShare: s.buyShare, size: s.sizeMultiple };
  return plain(level + s.down + s.burst + (s.after * (into - burstEnd)) / (M15 - burstEnd));
}
