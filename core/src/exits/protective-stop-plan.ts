import type Big from 'big.js';
import { z } from 'zod';
import { dec, roundTo } from '../execution/money.js';
import type { ValueOf } from '../util/value-of.js';

/**
 * Issue 5 item 4: the exchange-held stop follows the client trailing stop, but each move costs the
 * venue two requests (place + cancel) against its order-rate limit, so moves are thinned out.
 */
export const ProtectiveStopConfigSchema = z
  .strictObject({
    /** At most one move per this many ms. Binance futures allows 300 orders per 10 s per account; a
     * handful of positions moving every tick would spend that, 5 s per position does not. */
    minMoveIntervalMs: z.number().int().min(0).max(600_000).default(5_000),
    /** A move smaller than this many ticks is skipped: the stop is a backstop for when we are down,
     * and the client-side trail (primary) already exits at the exact level. */
    minMoveTicks: z.number().int().min(1).max(100_000).default(5),
  })
  .prefault({});
export type ProtectiveStopConfig = z.infer<typeof ProtectiveStopConfigSchema>;
export const defaultProtectiveStopConfig: ProtectiveStopConfig = ProtectiveStopConfigSchema.parse({});

export const StopHoldReason = {
  /** The level is not tighter than the resting stop: an exchange stop is never loosened. */
  NotTighter: 'not_tighter',
  /** The level is at or through the last price: the venue would trigger (or reject) it at once. */
  WouldTrigger: 'would_trigger',
  /** Tighter, but by fewer than `minMoveTicks`. */
  TooSmall: 'too_small',
  /** Tighter by enough, but the last move was less than `minMoveIntervalMs` ago. */
  TooSoon: 'too_soon',
  /** The trail level or last price is not a positive finite number. */
  InvalidInput: 'invalid_input',
} as const;
export type StopHoldReason = ValueOf<typeof StopHoldReason>;

export type ProtectiveStopPlan =
  | { readonly action: 'place'; readonly price: string }
  | { readonly action: 'move'; readonly price: string; readonly from: string; readonly ticks: number }
  | {
      readonly action: 'hold';
      readonly reason: StopHoldReason;
      /** The level the stop would go to (rounded), null when there is none. */
      readonly price: string | null;
      /** For `too_soon`: the earliest clock time a move is allowed. */
      readonly retryAt?: number;
    };

export interface RestingStopRef {
  /** Trigger price of the stop resting on the venue. */
  readonly price: string;
  /** Clock time it was placed or last moved. */
  readonly placedAt: number;
}

export interface ProtectiveStopInput {
  readonly side: 'long' | 'short';
  /** The client trailing stop's level (TrailingStop.stop: a double) or an exact decimal string. */
  readonly trailLevel: number | string;
  /** Last trade price. */
  readonly lastPrice: number | string;
  /** MarketSpec.pricePrecision: decimals of the price tick. */
  readonly pricePrecision: number;
  readonly resting: RestingStopRef | null;
  readonly now: number;
  readonly config: ProtectiveStopConfig;
}

function positive(v: number | string): Big | null {
  if (typeof v === 'number' && !(Number.isFinite(v) && v > 0)) return null;
  try {
    const d = dec(v);
    return d.gt(0) ? d : null;
  } catch {
    return null;
  }
}

/**
 * Where the exchange-held stop should be now. Pure: the manager in infra places, moves or keeps it.
 *
 * The level is rounded to the tick *away* from the market (long: down, short: up), so the exchange
 * stop never sits tighter than the client trail and never pre-empts the primary exit. It only ever
 * moves tighter (long: up, short: down), by at least `minMoveTicks`, at most once per
 * `minMoveIntervalMs`; the first placement is not rate-limited (a position must not wait unprotected).
 */
export function planProtectiveStop(input: ProtectiveStopInput): ProtectiveStopPlan {
  const { side, resting, now, config } = input;
  const trail = positive(input.trailLevel);
  const last = positive(input.lastPrice);
  if (trail === null || last === null) return { action: 'hold', reason: StopHoldReason.InvalidInput, price: null };
  const long = side === 'long';
  const level = roundTo(trail, input.pricePrecision, long ? 'down' : 'up');
  const price = level.toFixed(input.pricePrecision);
  if (level.lte(0)) return { action: 'hold', reason: StopHoldReason.InvalidInput, price: null };

  if (resting !== null) {
    const from = dec(resting.price);
    const gain = long ? level.minus(from) : from.minus(level);
    if (gain.lte(0)) return { action: 'hold', reason: StopHoldReason.NotTighter, price };
  }
  if (long ? level.gte(last) : level.lte(last)) return { action: 'hold', reason: StopHoldReason.WouldTrigger, price };
  if (resting === null) return { action: 'place', price };

  const from = dec(resting.price);
  const ticks = Math.floor(Number((long ? level.minus(from) : from.minus(level)).times(dec(10).pow(input.pricePrecision))));
  if (ticks < config.minMoveTicks) return { action: 'hold', reason: StopHoldReason.TooSmall, price };
  const allowedAt = resting.placedAt + config.minMoveIntervalMs;
  if (now < allowedAt) return { action: 'hold', reason: StopHoldReason.TooSoon, price, retryAt: allowedAt };
  return { action: 'move', price, from: resting.price, ticks };
}
