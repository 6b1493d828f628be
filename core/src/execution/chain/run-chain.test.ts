import { describe, expect, it } from 'vitest';
import { entryClientOrderId, exitClientOrderId } from '../../ids/derived-id.js';
import type { SignalGenerated } from '../../messages/events/signal-generated.js';
import type { MarketSpec } from '../../model/market.js';
import { ManualClock } from '../../ports/clock.js';
import { dec } from '../money.js';
import { type ChainContext, type ExecutionHandler, type PositionView, passVerdict } from './chain-types.js';
import { ExecutionLimitsSchema, defaultExecutionLimits } from './execution-limits.js';
import { fundsAfterPrelude } from './funds-after-prelude.js';
import { HandlerName } from './handler-name.js';
import { placementHandler } from './placement.js';
import { type ChainResult, defaultExecutionChain, runChain } from './run-chain.js';
import { sanityHandler } from './sanity.js';
import { sizingHandler } from './sizing-handler.js';

const T0 = 1_717_000_000_000;
const perp = (symbol: string, base: string, pp: number, ap: number, over: Partial<MarketSpec> = {}): MarketSpec => ({ exchange: 'binance', marketType: 'perp', symbol, base, quote: 'USDT', pricePrecision: pp, amountPrecision: ap, takerFee: '0.0004', makerFee: '0.0002', minNotional: '5', ...over });
const SOL = perp('SOL/USDT:USDT', 'SOL', 2, 2);
const BTC = perp('BTC/USDT:USDT', 'BTC', 1, 3);
const ETH = perp('ETH/USDT:USDT', 'ETH', 2, 3);

function signal(market: MarketSpec, price: number, side: 'long' | 'short' = 'long', over: Partial<SignalGenerated['payload']> = {}): SignalGenerated['payload'] {
  return {
    signalId: `sig-${market.base}-${side}`,
    setupEventId: 'setup-1',
    market,
    fillReference: null,
    initialStopPct: null,
    side,
    score: 5.5,
    strength: 'strong',
    explanation: [],
    reference: { tradeId: 't-1', ts: T0, price },
    triggerPublishedAt: T0,
    trailingStopPct: 0.005,
    maxHoldMs: 300_000,
    ...over,
  };
}

function ctx(over: Partial<ChainContext> & Pick<ChainContext, 'signal'>): ChainContext {
  return {
    lastTrade: { price: over.signal.reference.price, ts: T0 },
    account: { equity: '10000', available: '10000', usedMargin: '0' },
    capitalAllocation: 1,
    positions: [],
    openClientOrderIds: new Set(),
    limits: defaultExecutionLimits,
    clock: new ManualClock(T0 + 40),
    ...over,
  };
}

function position(id: string, symbol: string, side: 'long' | 'short', amount: string, notional: string, margin: string, unrealizedPnl = '0'): PositionView {
  return { positionId: id, exchange: 'binance', symbol, side, amount, notional, margin, unrealizedPnl };
}

const verdicts = (r: ChainResult): string[] => r.log.map((l) => `${l.handler}:${l.verdict}`);
const ORDER = ['entry_gate', 'existing_position', 'reversal', 'position_limit', 'sizing', 'exposure', 'sanity', 'placement', 'monitoring'];

describe('§2.2.4 example scenarios', () => {
  it('Scenario 1: BUY BTC while a BTC long is open → existing_position rejects, the rest never run', () => {
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(BTC, 50_000), positions: [position('pos-btc', BTC.symbol, 'long', '0.1', '5000', '1666.67')] }));
    expect(r.accepted).toBe(false);
    if (r.accepted) return;
    expect(r.rejection).toEqual({ handler: 'existing_position', reason: 'a long position on BTC/USDT:USDT is already open (pos-btc)', numbers: { positionId: 'pos-btc', side: 'long', amount: '0.1' } });
    expect(r.intents).toEqual([]);
    expect(verdicts(r)).toEqual(['entry_gate:pass', 'existing_position:reject', ...ORDER.slice(2).map((h) => `${h}:skipped`)]);
  });

  it('Scenario 2: BUY ETH @ 3,000 with 4/5 positions → exposure rejects "$1,050 > $1,000"', () => {
    // module equity 1,000 (3×): position cap ⌊1,000 × 0.1 × 3 / 3,000⌋ = 0.1 ETH = $300
    //   (risk ⌊20 / 15⌋ = 1.333; buffer room 500 − 250 = 250 → ⌊250 × 3 / 3,000⌋ = 0.25; balance ⌊750 × 3 / (3,000 × 1.0012)⌋ = 0.749)
    // open notional 200 + 200 + 200 + 150 = 750; 750 + 300 = 1,050 > min($1,000, 1,000 × 1.5)
    const positions = [
      position('p1', 'BTC/USDT:USDT', 'long', '0.004', '200', '66.67'),
      position('p2', 'SOL/USDT:USDT', 'long', '2', '200', '66.67'),
      position('p3', 'XRP/USDT:USDT', 'short', '400', '200', '66.66'),
      position('p4', 'ADA/USDT:USDT', 'long', '300', '150', '50'),
    ];
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(ETH, 3_000), positions, account: { equity: '1000', available: '750', usedMargin: '250' }, limits: ExecutionLimitsSchema.parse({ maxExposureQuote: '1000' }) }));
    expect(r.accepted).toBe(false);
    if (r.accepted) return;
    expect(r.rejection).toEqual({ handler: 'exposure', reason: 'exposure limit would be exceeded: 1050 > 1000', numbers: { current: '750', order: '300', total: '1050', cap: '1000' } });
    expect(r.log.find((l) => l.handler === 'position_limit')?.detail).toBe('5/5 positions with this one');
    expect(verdicts(r)).toEqual(['entry_gate:pass', 'existing_position:pass', 'reversal:pass', 'position_limit:pass', 'sizing:pass', 'exposure:reject', 'sanity:skipped', 'placement:skipped', 'monitoring:skipped']);
  });

  it('Scenario 3: BUY SOL @ 100 passes every handler → place, then monitor with the stop at 0.5 %', () => {
    // module equity 10,000, 3×: risk ⌊200 / 0.5⌋ = 400; position ⌊10,000 × 0.1 × 3 / 100⌋ = 30;
    // buffer ⌊5,000 × 3 / 100⌋ = 150; balance ⌊30,000 / 100.12⌋ = 299.64 → 30 SOL, $3,000, margin 1,000, fee 1.2
    // stop 100 × 0.995 = 99.5
    const c = ctx({ signal: signal(SOL, 100), lastTrade: { price: 100.02, ts: T0 } });
    const r = runChain(defaultExecutionChain, c);
    expect(r.accepted).toBe(true);
    const cid = entryClientOrderId('sig-SOL-long');
    expect(r.intents).toEqual([
      { kind: 'place', clientOrderId: cid, signalId: 'sig-SOL-long', exchange: 'binance', marketType: 'perp', symbol: 'SOL/USDT:USDT', side: 'buy', type: 'market', amount: '30', referencePrice: '100', notional: '3000', margin: '1000', leverage: 3, reduceOnly: false },
      { kind: 'monitor', positionId: cid, exchange: 'binance', symbol: 'SOL/USDT:USDT', side: 'long', amount: '30', trailingStopPct: 0.005, maxHoldMs: 300_000, initialStopPrice: '99.5', protectiveStop: { side: 'sell', triggerPrice: '99.5', amount: '30', reduceOnly: true }, requestedAt: T0 + 40 },
    ]);
    expect(verdicts(r)).toEqual(ORDER.map((h) => `${h}:pass`));
    expect(r.log.find((l) => l.handler === 'sizing')?.detail).toBe('30 SOL = 3000 USDT at 3×, 15 at the stop, bound by position_margin');
  });
});

describe('reversal (close first)', () => {
  const short = position('pos-sol-short', SOL.symbol, 'short', '12', '1200', '400', '-6');
  const others = ['A', 'B', 'C', 'D'].map((s) => position(`pos-${s}`, `${s}/USDT:USDT`, 'long', '1', '100', '33.34'));

  it('closes the opposing short with a reduce-only buy, then enters long; the closed slot frees the limit', () => {
    // 5 open (limit 5): without counting the close this would be 6/5
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(SOL, 100), positions: [short, ...others], account: { equity: '10000', available: '9000', usedMargin: '533.36' } }));
    expect(r.accepted).toBe(true);
    expect(r.intents.map((i) => i.kind)).toEqual(['close', 'place', 'monitor']);
    expect(r.intents[0]).toEqual({ kind: 'close', clientOrderId: exitClientOrderId('pos-sol-short'), positionId: 'pos-sol-short', exchange: 'binance', symbol: 'SOL/USDT:USDT', side: 'buy', type: 'market', amount: '12', reduceOnly: true, reason: 'reversal' });
    expect(r.log.find((l) => l.handler === 'position_limit')?.detail).toBe('5/5 positions with this one');
    // exposure counts the four others only: 400 + 3,000
    expect(r.log.find((l) => l.handler === 'exposure')?.detail).toBe('exposure 3400 ≤ 15000');
  });

  it('is refused when reversals are turned off', () => {
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(SOL, 100), positions: [short], limits: ExecutionLimitsSchema.parse({ reverseOnOpposingSignal: false }) }));
    expect(r.accepted).toBe(false);
    if (!r.accepted) expect(r.rejection.handler).toBe('existing_position');
  });

  it('a rejection after the reversal leaves nothing to do, not even the close', () => {
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(SOL, 100), positions: [short], lastTrade: { price: 103, ts: T0 } }));
    expect(r.accepted).toBe(false);
    expect(r.intents).toEqual([]);
    if (!r.accepted) expect(r.rejection).toMatchObject({ handler: 'sanity', check: 'fat_finger' });
  });

  it('estimates the funds after the close: margin and P&L released, less the closing fee', () => {
    // perp: close fee 1,200 × 0.0004 = 0.48; available 600 + 400 − 6 − 0.48 = 993.52; equity 10,000 − 0.48
    const f = fundsAfterPrelude(ctx({ signal: signal(SOL, 100), account: { equity: '10000', available: '600', usedMargin: '400' } }), [short]);
    expect([f.equity.toFixed(), f.available.toFixed(), f.usedMargin.toFixed()]).toEqual(['9999.52', '993.52', '0']);
    // spot long 0.5 BTC worth 21,605.275: available 100 + 21,605.275 − 21.605275 (0.1 %) = 21,683.669725; base 0.5 − 0.5 = 0
    const spot = { ...BTC, marketType: 'spot' as const, symbol: 'BTC/USDT', takerFee: '0.001' };
    const g = fundsAfterPrelude(ctx({ signal: signal(spot, 43_210.55, 'short'), account: { equity: '21705.275', available: '100', usedMargin: '0', baseFree: '0.5' } }), [position('pos-btc', 'BTC/USDT', 'long', '0.5', '21605.275', '21605.275')]);
    expect([g.available.toFixed(), g.baseFree?.toFixed()]).toEqual(['21683.669725', '0']);
  });
});

describe('limits and gates', () => {
  it('the entry gate stops everything while entries are paused (breaker open, health < 70)', () => {
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(SOL, 100), entriesPaused: [{ source: 'breaker:binance', reason: 'open since 12:00:00' }, { source: 'health', reason: 'score 64 < 70' }] }));
    expect(r.accepted).toBe(false);
    if (r.accepted) return;
    expect(r.rejection.handler).toBe('entry_gate');
    expect(r.rejection.reason).toBe('new entries paused: breaker:binance (open since 12:00:00); health (score 64 < 70)');
    expect(r.log.filter((l) => l.verdict === 'skipped')).toHaveLength(8);
  });

  it('position limit: 5 open of 5 rejects with the numbers', () => {
    const five = ['A', 'B', 'C', 'D', 'E'].map((s) => position(`p-${s}`, `${s}/USDT:USDT`, 'long', '1', '100', '33.34'));
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(SOL, 100), positions: five }));
    expect(r.accepted ? null : r.rejection).toEqual({ handler: 'position_limit', reason: 'max positions limit reached: 5/5', numbers: { open: 5, max: 5 } });
  });

  it('sizing rejects when the margin buffer is used up', () => {
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(SOL, 100), account: { equity: '10000', available: '5000', usedMargin: '5000' } }));
    expect(r.accepted).toBe(false);
    if (!r.accepted) expect(r.rejection).toMatchObject({ handler: 'sizing', numbers: { cap_margin_buffer: '0' } });
  });

  it('caps leverage at 10× whatever the market config asks', () => {
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(SOL, 100), leverage: 25 }));
    expect(r.accepted).toBe(true);
    expect(r.intents[0]).toMatchObject({ kind: 'place', leverage: 10 });
    expect(r.log.find((l) => l.handler === 'sizing')?.detail).toContain('leverage 25× capped to 10×');
  });

  it('spot posts the notional: leverage 1, margin = notional', () => {
    const spot: MarketSpec = { ...SOL, marketType: 'spot', symbol: 'SOL/USDT', takerFee: '0.001' };
    // ⌊10,000 × 0.1 × 1 / 100⌋ = 10 SOL
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(spot, 100) }));
    expect(r.intents[0]).toMatchObject({ kind: 'place', amount: '10', notional: '1000', margin: '1000', leverage: 1 });
  });

  it('spot short without base to sell is refused by sizing', () => {
    const spot: MarketSpec = { ...SOL, marketType: 'spot', symbol: 'SOL/USDT' };
    const r = runChain(defaultExecutionChain, ctx({ signal: signal(spot, 100, 'short') }));
    expect(r.accepted ? '' : r.rejection.reason).toBe('size rounds to 0 at amount precision 2 (no SOL to sell on spot)');
  });
});

describe('sanity', () => {
  const rejectionOf = (c: ChainContext) => {
    const r = runChain(defaultExecutionChain, c);
    return r.accepted ? null : r.rejection;
  };

  it('fat finger: reference 100 vs last 101.5 is 1.4778 % off, outside the 1 % band', () => {
    // |100 − 101.5| = 1.5 > 101.5 × 0.01 = 1.015; 1.5 / 101.5 = 0.014778325… → 0.01477832
    expect(rejectionOf(ctx({ signal: signal(SOL, 100), lastTrade: { price: 101.5, ts: T0 } }))).toEqual({
      handler: 'sanity',
      check: 'fat_finger',
      reason: 'price 100 is 1.477832 % from the last trade 101.5 (band 1 %)',
      numbers: { price: '100', lastTrade: '101.5', deviationPct: '0.01477832', bandPct: 0.01 },
    });
  });

  it('fat finger band edge: last 101.01 passes (1.01 ≤ 1.0101), 101.02 fails (1.02 > 1.0102)', () => {
    expect(rejectionOf(ctx({ signal: signal(SOL, 100), lastTrade: { price: 101.01, ts: T0 } }))).toBeNull();
    expect(rejectionOf(ctx({ signal: signal(SOL, 100), lastTrade: { price: 101.02, ts: T0 } }))?.check).toBe('fat_finger');
  });

  it('minimum notional from the market: $3,000 < $5,000', () => {
    expect(rejectionOf(ctx({ signal: signal({ ...SOL, minNotional: '5000' }, 100) }))).toMatchObject({ check: 'min_notional', numbers: { notional: '3000', minNotional: '5000' } });
  });

  it('duplicate client order id', () => {
    const cid = entryClientOrderId('sig-SOL-long');
    expect(rejectionOf(ctx({ signal: signal(SOL, 100), openClientOrderIds: new Set([cid]) }))).toMatchObject({ check: 'duplicate', numbers: { clientOrderId: cid } });
  });

  it('stop wider than 1 % from entry', () => {
    expect(rejectionOf(ctx({ signal: signal(SOL, 100, 'long', { trailingStopPct: 0.015 }) }))).toMatchObject({ check: 'stop_distance', reason: 'stop 1.5 % from entry is wider than 1 %' });
  });

  it('stale signal, when an age limit is set: 5,001 ms > 5,000 ms; exactly 5,000 passes', () => {
    const limits = ExecutionLimitsSchema.parse({ maxSignalAgeMs: 5_000 });
    expect(rejectionOf(ctx({ signal: signal(SOL, 100), limits, clock: new ManualClock(T0 + 5_001) }))).toMatchObject({ check: 'stale_signal', numbers: { ageMs: 5_001 } });
    expect(rejectionOf(ctx({ signal: signal(SOL, 100), limits, clock: new ManualClock(T0 + 5_000) }))).toBeNull();
  });

  // A handler that forces a size, to reach the checks sizing itself never lets fail.
  const forceSize = (amount: string): ExecutionHandler => ({
    name: 'force_size',
    check(c, d) {
      const a = dec(amount);
      const notional = a.times(d.entry.price);
      const size = { amount: a, notional, margin: notional.div(3), fee: notional.times(c.signal.market.takerFee), riskAtStop: notional.times(0.005), leverage: 3, bound: 'risk' as const, caps: {} };
      return passVerdict(`forced ${amount}`, { ...d, entry: { ...d.entry, size } });
    },
  });

  it('precision: an amount off the 0.01 grid is refused', () => {
    const r = runChain([forceSize('30.005'), sanityHandler], ctx({ signal: signal(SOL, 100) }));
    expect(r.accepted ? null : r.rejection).toMatchObject({ handler: 'sanity', check: 'precision', numbers: { amount: '30.005', amountPrecision: 2 } });
  });

  it('balance: margin + fee above available margin is refused', () => {
    // 300 SOL × 100 = 30,000; margin 10,000 + fee 12 = 10,012 > 10,000
    const r = runChain([forceSize('300'), sanityHandler], ctx({ signal: signal(SOL, 100) }));
    expect(r.accepted ? null : r.rejection).toMatchObject({ check: 'balance', numbers: { required: '10012', available: '10000' } });
  });
});

describe('composition', () => {
  it('runs any subset in the order given and logs each', () => {
    const r = runChain([sizingHandler, placementHandler], ctx({ signal: signal(SOL, 100) }));
    expect(r.accepted).toBe(true);
    expect(r.log.map((l) => l.handler)).toEqual([HandlerName.Sizing, HandlerName.Placement]);
    expect(r.intents).toHaveLength(1);
  });

  it('placement without sizing refuses rather than guess a size', () => {
    const r = runChain([placementHandler], ctx({ signal: signal(SOL, 100) }));
    expect(r.accepted ? null : r.rejection.handler).toBe('placement');
  });

  it('is a pure function of its snapshot: same context, same result', () => {
    const c = ctx({ signal: signal(SOL, 100) });
    expect(runChain(defaultExecutionChain, c)).toEqual(runChain(defaultExecutionChain, c));
  });

  it('limits default to the document and refuse leverage above 10 in the nested sizing', () => {
    expect(defaultExecutionLimits).toMatchObject({ maxOpenPositions: 5, maxExposurePct: 1.5, fatFingerBandPct: 0.01, maxStopDistancePct: 0.01, reverseOnOpposingSignal: true, sizing: { riskPerTradePct: 0.02, defaultLeverage: 3, maxLeverage: 10 } });
    expect(ExecutionLimitsSchema.safeParse({ sizing: { maxLeverage: 11 } }).success).toBe(false);
    expect(ExecutionLimitsSchema.safeParse({ maxPositions: 3 }).success).toBe(false);
  });
});
