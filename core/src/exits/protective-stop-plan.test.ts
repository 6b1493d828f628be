import { describe, expect, it } from 'vitest';
import { type ProtectiveStopInput, ProtectiveStopConfigSchema, StopHoldReason, planProtectiveStop } from './protective-stop-plan.js';
import { TrailingStop } from './trailing-stop.js';

const config = ProtectiveStopConfigSchema.parse({ minMoveIntervalMs: 5_000, minMoveTicks: 5 });
const base: ProtectiveStopInput = { side: 'long', trailLevel: 49_750, lastPrice: 50_000, pricePrecision: 2, resting: null, now: 1_000_000, config };

describe('planProtectiveStop', () => {
  it('places the first stop at the trail level at once (§2.5 example: entry 50,000, 0.5 % → 49,750.00)', () => {
    expect(planProtectiveStop(base)).toEqual({ action: 'place', price: '49750.00' });
  });

  it('rounds away from the market so the exchange stop never pre-empts the client trail', () => {
    // long: 49,750.123 → down to 49,750.12; short: 101.001 → up to 101.01 (2 decimals)
    expect(planProtectiveStop({ ...base, trailLevel: 49_750.123 })).toEqual({ action: 'place', price: '49750.12' });
    expect(planProtectiveStop({ ...base, side: 'short', trailLevel: 101.001, lastPrice: 100 })).toEqual({ action: 'place', price: '101.01' });
  });

  it('follows a TrailingStop: 50,500 → 50,247.50 is a move of 49,750.00 → 50,247.50 = 49,750 ticks of 0.01', () => {
    const t = new TrailingStop('long', 50_000, 0.005);
    t.update(50_500);
    const plan = planProtectiveStop({ ...base, trailLevel: t.stop, lastPrice: 50_500, resting: { price: '49750.00', placedAt: 990_000 } });
    expect(plan).toEqual({ action: 'move', price: '50247.50', from: '49750.00', ticks: 49_750 });
  });

  it('never loosens: a lower level for a long (higher for a short) holds', () => {
    const r = { price: '50000.00', placedAt: 0 };
    expect(planProtectiveStop({ ...base, trailLevel: 49_999.99, lastPrice: 51_000, resting: r })).toMatchObject({ action: 'hold', reason: StopHoldReason.NotTighter });
    expect(planProtectiveStop({ ...base, trailLevel: 50_000, lastPrice: 51_000, resting: r })).toMatchObject({ action: 'hold', reason: StopHoldReason.NotTighter });
    const s = { price: '100.00', placedAt: 0 };
    expect(planProtectiveStop({ ...base, side: 'short', trailLevel: 100.01, lastPrice: 99, resting: s })).toMatchObject({ action: 'hold', reason: StopHoldReason.NotTighter });
  });

  it('skips moves under minMoveTicks: 4 ticks hold, 5 ticks move', () => {
    const r = { price: '100.00', placedAt: 0 };
    const at = (trailLevel: number) => planProtectiveStop({ ...base, trailLevel, lastPrice: 101, resting: r });
    expect(at(100.04)).toMatchObject({ action: 'hold', reason: StopHoldReason.TooSmall, price: '100.04' });
    expect(at(100.05)).toEqual({ action: 'move', price: '100.05', from: '100.00', ticks: 5 });
  });

  it('allows one move per minMoveIntervalMs and says when the next is allowed', () => {
    const r = { price: '100.00', placedAt: 1_000_000 };
    const at = (now: number) => planProtectiveStop({ ...base, trailLevel: 100.5, lastPrice: 101, resting: r, now });
    expect(at(1_004_999)).toEqual({ action: 'hold', reason: StopHoldReason.TooSoon, price: '100.50', retryAt: 1_005_000 });
    expect(at(1_005_000)).toEqual({ action: 'move', price: '100.50', from: '100.00', ticks: 50 });
  });

  it('does not place or move a stop at or through the last price (the venue would fire it at once)', () => {
    expect(planProtectiveStop({ ...base, trailLevel: 50_000, lastPrice: 50_000 })).toMatchObject({ action: 'hold', reason: StopHoldReason.WouldTrigger });
    expect(planProtectiveStop({ ...base, side: 'short', trailLevel: 99.99, lastPrice: 100 })).toMatchObject({ action: 'hold', reason: StopHoldReason.WouldTrigger });
    const r = { price: '99.00', placedAt: 0 };
    expect(planProtectiveStop({ ...base, trailLevel: 100.2, lastPrice: 100.1, resting: r })).toMatchObject({ action: 'hold', reason: StopHoldReason.WouldTrigger });
  });

  it('holds on nonsense input instead of placing a stop at 0 or NaN', () => {
    expect(planProtectiveStop({ ...base, trailLevel: Number.NaN })).toMatchObject({ action: 'hold', reason: StopHoldReason.InvalidInput });
    expect(planProtectiveStop({ ...base, trailLevel: 0.001, pricePrecision: 2 })).toMatchObject({ action: 'hold', reason: StopHoldReason.InvalidInput });
    expect(planProtectiveStop({ ...base, lastPrice: -1 })).toMatchObject({ action: 'hold', reason: StopHoldReason.InvalidInput });
  });

  it('works at whole-number ticks (precision 0) and for shorts moving down', () => {
    const r = { price: '120', placedAt: 0 };
    expect(planProtectiveStop({ ...base, side: 'short', pricePrecision: 0, trailLevel: 110.2, lastPrice: 100, resting: r })).toEqual({ action: 'move', price: '111', from: '120', ticks: 9 });
  });
});
