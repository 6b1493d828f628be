import type { Trade } from '@cascade/core';
import { MICRO } from './microstructure.js';
import { CRASH, REGIME_PARAMS, type Regime, skeletonAt } from './regimes.js';
import { Rng } from './rng.js';

const MIN = 60_000;
const M15 = 15 * MIN;
const HOUR = 60 * MIN;
/** Memory of the momentum the aggressor tilt reads: about the last minute. */
const MOMENTUM_MS = MIN;

export interface RegimeTapeOptions {
  readonly regime: Regime;
  readonly seed: number;
  /** Length of the tape proper. */
  readonly hours: number;
  /** UTC ms of the tape's start, aligned down to 15 min (default 2024-01-01). */
  readonly start?: number;
  /** Price at the tape's start, before noise (default 2500, an ETH/USDT-like market). */
  readonly price?: number;
  /**
   * History generated before `start` by the same process (default 34 h: 136 15m candles, more than
   * the 119 the regime needs). Always generated, written or not, so a tape does not depend on whether
   * its warm-up is asked for.
   */
  readonly warmupHours?: number;
  /**
   * Multiple of the fitted taker-order rate (default 1: ~10 orders, ~34 trades a second). Below 1,
   * orders are thinned (kept with this probability): sizes, fills and side mix stay the fitted ones.
   */
  readonly activity?: number;
}

/** Where a generated stream's parts lie in time, and the mirror's pivot. */
export interface RegimeTapePlan {
  /** First instant generated (start of the warm-up history). */
  readonly origin: number;
  readonly tapeStart: number;
  /** End (exclusive) of the tape. */
  readonly tapeEnd: number;
  readonly price: number;
  readonly tick: number;
}

export function regimeTapePlan(opts: RegimeTapeOptions): RegimeTapePlan {
  const start0 = opts.start ?? Date.UTC(2024, 0, 1);
  const tapeStart = start0 - (((start0 % M15) + M15) % M15);
  const warm = opts.warmupHours ?? 34;
  for (const [name, v] of [['hours', opts.hours], ['warmupHours', warm], ['activity', opts.activity ?? 1], ['price', opts.price ?? 2500]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a non-negative number, got ${v}`);
  }
  if (!(opts.hours > 0)) throw new RangeError(`hours must be positive, got ${opts.hours}`);
  if (!Number.isInteger(warm * 4)) throw new RangeError(`warmupHours must be a whole number of 15 min, got ${warm}`);
  const tick = 10 ** -MICRO.pricePrecision;
  const price = Math.round((opts.price ?? 2500) / tick) * tick;
  if (!(price > 0)) throw new RangeError(`price must be positive, got ${opts.price}`);
  return { origin: tapeStart - warm * HOUR, tapeStart, tapeEnd: tapeStart + opts.hours * HOUR, price, tick };
}

/**
 * Trades of a generated regime, warm-up history first (ts < plan.tapeStart), then the tape, in time
 * order, ids from 1. Same options and seed → the same trades, on any machine.
 *
 * Per taker order: the gap to it is log-normal (fitted), shrunk by the skeleton's rate multiple; the
 * log price moves by the regime's noise over the gap; the side keeps the previous order's with the
 * fitted persistence, else is drawn with P(buy) = 0.5 + tilt × tanh(last-minute move / scale) (or the
 * burst's share); it fills 1 or 2 + geometric times (fitted), each fill a log-normal notional (fitted)
 * at the touch (ask for a buy, bid for a sell, one-tick spread) walking one tick every 3 fills.
 *
 * `mirror` is `trend` with every price p → 2·p0 − p (p0 = `price`, on the tick grid, so exact) and
 * every side flipped; amounts and times are the same.
 */
export function* regimeTrades(opts: RegimeTapeOptions): Generator<Trade> {
  const plan = regimeTapePlan(opts);
  const mirror = opts.regime === 'mirror';
  const regime: Regime = mirror ? 'trend' : opts.regime;
  const p = REGIME_PARAMS[regime];
  const rng = new Rng(opts.seed);
  // Drawn first for every regime, so a seed's stream does not depend on the regime's draw count.
  const crashFall = CRASH.minFall + (CRASH.maxFall - CRASH.minFall) * rng.uniform();
  const tapeMs = plan.tapeEnd - plan.tapeStart;
  const at = (t: number) => skeletonAt(regime, t - plan.origin, plan.tapeStart - plan.origin, tapeMs, crashFall);
  const base = Math.log(plan.price) - at(plan.tapeStart).level;
  const pivot = Math.round(plan.price / plan.tick);
  const activity = opts.activity ?? 1;
  const theta = p.noise === 'ou' ? Math.LN2 / (p.halfLifeMin * MIN) : 0;
  const amountScale = 10 ** MICRO.amountPrecision;
  const fillP = 1 / (1 + MICRO.extraFillsMean);

  let t = plan.origin;
  let u = 0;
  let x = base + at(t).level;
  let momentum = 0;
  let buy = rng.uniform() < 0.5;
  let id = 0;
  while (true) {
    let sk = at(t);
    const gap = rng.logNormal(MICRO.muLnGap, MICRO.sdLnGap) / (sk.rate * Math.max(1, activity));
    t += gap;
    if (t >= plan.tapeEnd) return;
    sk = at(t);
    const z = rng.normal();
    if (p.noise === 'brownian') u += p.sd * Math.sqrt(gap / M15) * z;
    else {
      const a = Math.exp(-theta * gap);
      u = u * a + p.sd * Math.sqrt(1 - a * a) * z;
    }
    const xNew = base + sk.level + u;
    momentum = momentum * Math.exp(-gap / MOMENTUM_MS) + (xNew - x);
    x = xNew;
    // Below 1 the activity thins orders (each kept with that probability) rather than stretching the
    // gaps: stretched log-normal gaps would leave silences of many minutes; thinned ones stay short.
    if (activity < 1 && rng.uniform() >= activity) continue;
    const pBuy = sk.buyShare ?? Math.min(0.98, Math.max(0.02, 0.5 + p.tilt * Math.tanh(momentum / p.momentumScale)));
    if (rng.uniform() >= MICRO.keepSide) buy = rng.uniform() < pBuy;
    const fills = rng.uniform() < MICRO.singleFillShare ? 1 : 2 + rng.geometric(fillP);
    const bid = Math.floor(Math.exp(x) / plan.tick);
    const ts = Math.floor(t);
    for (let k = 0; k < fills; k++) {
      const walk = Math.floor(k / MICRO.fillsPerTick);
      const ticks = buy ? bid + 1 + walk : bid - walk;
      const price = ticks * plan.tick;
      const notional = rng.logNormal(MICRO.muLnNotional + Math.log(sk.size), MICRO.sdLnNotional);
      const amount = Math.max(1, Math.round((notional / price) * amountScale)) / amountScale;
      id += 1;
      if (mirror) {
        yield { id: String(id), ts, price: roundTick(2 * pivot - ticks, plan.tick), amount, side: buy ? 'sell' : 'buy', sideInferred: false };
      } else {
        yield { id: String(id), ts, price: roundTick(ticks, plan.tick), amount, side: buy ? 'buy' : 'sell', sideInferred: false };
      }
    }
  }
}

/** `ticks × tick` as the nearest double to the decimal (2500.01, not 2500.0099999999998). */
function roundTick(ticks: number, tick: number): number {
  return Number((ticks * tick).toFixed(MICRO.pricePrecision));
}
