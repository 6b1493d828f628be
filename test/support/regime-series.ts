import type { Candle } from '../../core/src/analytics/candle.js';
import { SeededRandom } from '../../core/src/faults/random.js';

/**
 * Seeded 15m price series for calibrating the Level 1 regime checks (issue 10 item 1): a driftless
 * random walk, a random walk with drift, AR(1) mean-reverting returns and a stair-step trend, as log
 * returns per candle, and 15m candles built from them. Test data, not a test (it lives in test/ so the
 * layout check does not count it as production code that nothing runs).
 */

const M15 = 900_000;

/** Standard normal draws (Box–Muller) from the repo's seeded Park–Miller generator. */
export class SeededGauss {
  private readonly r: SeededRandom;
  private spare = Number.NaN;

  constructor(seed: number) {
    // Park–Miller streams from neighbouring seeds start with proportional draws (16807·s): spread the
    // seed with an integer hash, then drop a few draws.
    let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    this.r = new SeededRandom((h >>> 1) + 1);
    for (let i = 0; i < 4; i++) this.r.next();
  }

  uniform(): number {
    return this.r.next();
  }

  next(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.r.next();
    const v = this.r.next();
    const m = Math.sqrt(-2 * Math.log(u));
    this.spare = m * Math.sin(2 * Math.PI * v);
    return m * Math.cos(2 * Math.PI * v);
  }
}

export interface SeriesOptions {
  readonly seed: number;
  /** σ of one 15m log return (0.25 % by default: a calm crypto major). */
  readonly sigma?: number;
}

export const DEFAULT_SIGMA = 0.0025;

/** Gaussian random walk: n log returns μ + σ·z with μ = driftSigmas·σ. */
export function randomWalkReturns(n: number, o: SeriesOptions & { readonly driftSigmas?: number }): number[] {
  const g = new SeededGauss(o.seed);
  const s = o.sigma ?? DEFAULT_SIGMA;
  const mu = (o.driftSigmas ?? 0) * s;
  return Array.from({ length: n }, () => mu + s * g.next());
}

/** AR(1) log returns r_t = φ·r_{t−1} + σ·z_t, started in its stationary law (σ/√(1 − φ²)). */
export function ar1Returns(n: number, o: SeriesOptions & { readonly phi: number }): number[] {
  const g = new SeededGauss(o.seed);
  const s = o.sigma ?? DEFAULT_SIGMA;
  let r = (s / Math.sqrt(1 - o.phi * o.phi)) * g.next();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    out.push(r);
    r = o.phi * r + s * g.next();
  }
  return out;
}

export interface StairStepOptions extends SeriesOptions {
  /** Candles per impulse, drawn uniformly (default 3–6: "several candles"). */
  readonly impulse?: readonly [number, number];
  /** Candles per pullback, drawn uniformly (default 1–3). */
  readonly pullback?: readonly [number, number];
  /** Share of the impulse's gain a pullback gives back, drawn uniformly (default 30–40 %). */
  readonly retrace?: readonly [number, number];
}

/**
 * A stair-step uptrend: impulses of `impulse` candles, each candle σ·(1 + 0.5 z) (buy-led, mostly up),
 * then a shallow pullback of `pullback` candles giving back `retrace` of the impulse's gain in equal
 * parts, each with σ·0.3 z of noise. σ is the impulse step here.
 */
export function stairStepReturns(n: number, o: StairStepOptions): number[] {
  const g = new SeededGauss(o.seed);
  const s = o.sigma ?? DEFAULT_SIGMA;
  const [i0, i1] = o.impulse ?? [3, 6];
  const [p0, p1] = o.pullback ?? [1, 3];
  const [r0, r1] = o.retrace ?? [0.3, 0.4];
  const pick = (a: number, b: number): number => a + Math.floor(g.uniform() * (b - a + 1));
  const out: number[] = [];
  while (out.length < n) {
    const len = pick(i0, i1);
    let gain = 0;
    for (let i = 0; i < len && out.length < n; i++) {
      const r = s * (1 + 0.5 * g.next());
      gain += r;
      out.push(r);
    }
    const back = pick(p0, p1);
    const share = r0 + (r1 - r0) * g.uniform();
    for (let i = 0; i < back && out.length < n; i++) out.push((-share * gain) / back + 0.3 * s * g.next());
  }
  return out;
}

export interface CandleOptions {
  readonly seed: number;
  /** Price before the first return. */
  readonly price0?: number;
  /** σ of the Brownian bridge inside each candle, as a log-price σ per candle (default: the returns' own σ). */
  readonly wickSigma?: number;
  /** openTime of the first candle (UTC ms, on a 15m boundary). */
  readonly start?: number;
}

/**
 * 15m candles whose closes follow `returns`: each opens at the previous close and its high/low are the
 * extremes of a 15-step Brownian bridge from open to close (what a random walk between those two points
 * looks like inside the candle). Volume 100–150, 65 % bought on an up candle and 35 % on a down one.
 */
export function candlesFromReturns(returns: readonly number[], o: CandleOptions): Candle[] {
  const g = new SeededGauss(o.seed ^ 0x5bd1e995);
  const sd = (returns.reduce((a, r) => a + r * r, 0) / Math.max(1, returns.length)) ** 0.5;
  const step = (o.wickSigma ?? sd) / Math.sqrt(15);
  const start = o.start ?? Date.UTC(2024, 0, 1);
  let x = Math.log(o.price0 ?? 100);
  const out: Candle[] = [];
  const w = new Float64Array(16);
  returns.forEach((r, i) => {
    for (let j = 1; j <= 15; j++) w[j] = (w[j - 1] as number) + step * g.next();
    let hi = Math.max(x, x + r);
    let lo = Math.min(x, x + r);
    for (let j = 1; j < 15; j++) {
      const b = x + (r * j) / 15 + (w[j] as number) - ((w[15] as number) * j) / 15;
      if (b > hi) hi = b;
      if (b < lo) lo = b;
    }
    const volume = 100 + 50 * g.uniform();
    const buyVolume = volume * (r > 0 ? 0.65 : 0.35);
    out.push({
      timeframe: '15m',
      openTime: start + i * M15,
      open: Math.exp(x),
      high: Math.exp(hi),
      low: Math.exp(lo),
      close: Math.exp(x + r),
      volume,
      buyVolume,
      sellVolume: volume - buyVolume,
      trades: 60,
      buyTrades: r > 0 ? 39 : 21,
      sellTrades: r > 0 ? 21 : 39,
    });
    x += r;
  });
  return out;
}

/** The mirror image in log price about `pivot` (p → pivot²/p): highs become lows, buys become sells. */
export function mirrorCandles(candles: readonly Candle[], pivot = 100): Candle[] {
  const m = (p: number): number => (pivot * pivot) / p;
  return candles.map((c) => ({
    ...c,
    open: m(c.open),
    high: m(c.low),
    low: m(c.high),
    close: m(c.close),
    buyVolume: c.sellVolume,
    sellVolume: c.buyVolume,
    buyTrades: c.sellTrades,
    sellTrades: c.buyTrades,
  }));
}

/** Closes after each return from `price0`: returns.length + 1 closes, the first being price0. */
export function closesFromReturns(returns: readonly number[], price0 = 100): number[] {
  const out = [price0];
  let x = Math.log(price0);
  for (const r of returns) out.push(Math.exp((x += r)));
  return out;
}
