import { describe, expect, it } from 'vitest';
import type { MarketSpec, Trade, SimVenueModelInput } from '@cascade/core';
import type { SimFill } from './sim-fill.js';
import { SimVenue } from './sim-venue.js';

const market: MarketSpec = {
  exchange: 'binance',
  marketType: 'perp',
  symbol: 'BTC/USDT:USDT',
  base: 'BTC',
  quote: 'USDT',
  pricePrecision: 2,
  amountPrecision: 3,
  takerFee: '0.001',
  makerFee: '0.0002',
  minNotional: '5',
};

/** No latency, 2 bps fixed, no impact: the base case most tests vary one thing from. */
const plain: SimVenueModelInput = {
  latency: { signalToOrderMs: 0, orderToFillMs: 0 },
  slippage: { fixedBps: 2, impactBps: 0, maxImpactBps: 0 },
};

let tradeSeq = 0;
function t(ts: number, price: number, amount = 1): Trade {
  tradeSeq += 1;
  return { id: `t${tradeSeq}`, ts, price, amount, side: 'buy', sideInferred: false };
}

/** The money fields of a fill as strings, for exact comparison. */
function money(f: SimFill | undefined) {
  if (!f) return undefined;
  return { price: f.price.toFixed(), qty: f.qty.toFixed(), notional: f.notional.toFixed(), fee: f.fee.toFixed(), liquidity: f.liquidity, slippageBps: f.slippageBps };
}

describe('SimVenue market orders', () => {
  it('fills a market buy at the next trade plus 2 bps and the size-vs-volume impact, rounded up, taker fee on the exact notional', () => {
    const v = new SimVenue(market, { ...plain, slippage: { fixedBps: 2, impactBps: 10, maxImpactBps: 50 } });
    v.onTrade(t(1_000, 123.4, 3));
    expect(v.submit({ clientOrderId: 'o1', side: 'buy', type: 'market', qty: '1.5', submittedAt: 1_000 }).ok).toBe(true);
    const fills = v.onTrade(t(2_000, 123.45, 2));
    // Recent volume (−58 000, 2 000] = 3 + 2 = 5; impact 10 × 1.5 / 5 = 3 bps; total 2 + 3 = 5 bps.
    // 123.45 × 1.0005 = 123.511725 → up to the cent 123.52; notional 123.52 × 1.5 = 185.28;
    // fee 0.1 % = 0.18528 USDT.
    expect(fills).toHaveLength(1);
    expect(money(fills[0])).toEqual({ price: '123.52', qty: '1.5', notional: '185.28', fee: '0.18528', liquidity: 'taker', slippageBps: 5 });
    expect(fills[0]).toMatchObject({ fillId: 'o1-f1', seq: 1, ts: 2_000, feeCurrency: 'USDT', side: 'buy', orderType: 'market' });
    expect(fills[0]?.referencePrice.toFixed()).toBe('123.45');
    expect(fills[0]?.remainingQty.toFixed()).toBe('0');
    const o = v.order('o1');
    expect(o?.status).toBe('filled');
    expect(o?.filledQty.toFixed()).toBe('1.5');
    expect(o?.filledNotional.toFixed()).toBe('185.28');
    expect(v.position().toFixed()).toBe('1.5');
    expect(v.openOrders()).toEqual([]);
  });

  it('fills a market sell below the trade, rounded down', () => {
    const v = new SimVenue(market, plain);
    v.onTrade(t(0, 100));
    v.submit({ clientOrderId: 's1', side: 'sell', type: 'market', qty: '1', submittedAt: 0 });
    // 123.45 × 0.9998 = 123.42531 → down 123.42; fee 0.12342.
    expect(money(v.onTrade(t(1, 123.45))[0])).toMatchObject({ price: '123.42', fee: '0.12342' });
    expect(v.position().toFixed()).toBe('-1');
  });

  it('skips trades that print before the order is live (signal→order + order→fill latency)', () => {
    const v = new SimVenue(market, { ...plain, latency: { signalToOrderMs: 30, orderToFillMs: 20 } });
    const r = v.submit({ clientOrderId: 'o1', side: 'buy', type: 'market', qty: '1', submittedAt: 1_000 });
    // Live at 1 000 + 30 + 20 = 1 050.
    expect(r.ok && r.order.activeAt).toBe(1_050);
    expect(v.onTrade(t(1_010, 99))).toEqual([]);
    expect(v.onTrade(t(1_049, 98))).toEqual([]);
    expect(v.order('o1')?.status).toBe('new');
    // First trade at or after 1 050: 101 × 1.0002 = 101.0202 → up 101.03.
    const fills = v.onTrade(t(1_050, 101));
    expect(money(fills[0])).toMatchObject({ price: '101.03', qty: '1' });
  });

  it('does not fill against trades fed before it was submitted, even with zero latency', () => {
    const v = new SimVenue(market, plain);
    expect(v.onTrade(t(5_000, 100))).toEqual([]);
    v.submit({ clientOrderId: 'o1', side: 'buy', type: 'market', qty: '1', submittedAt: 5_000 });
    // The next trade, same millisecond: 100.5 × 1.0002 = 100.5201 → 100.53.
    expect(money(v.onTrade(t(5_000, 100.5))[0])?.price).toBe('100.53');
  });
});

describe('SimVenue limit orders', () => {
  it('fills a resting buy limit at its limit as maker when a trade prints at or below it', () => {
    const v = new SimVenue(market, plain);
    v.submit({ clientOrderId: 'l1', side: 'buy', type: 'limit', qty: '1', price: '100', submittedAt: 0 });
    expect(v.onTrade(t(1, 100.5))).toEqual([]); // arrives, not marketable: rests
    expect(v.onTrade(t(2, 100.01))).toEqual([]);
    const fills = v.onTrade(t(3, 99.8));
    // At the limit 100, not the trade's 99.80; maker fee 0.02 % of 100 = 0.02; no slippage.
    expect(money(fills[0])).toEqual({ price: '100', qty: '1', notional: '100', fee: '0.02', liquidity: 'maker', slippageBps: 0 });
  });

  it('fills a resting limit on a trade exactly at the limit', () => {
    const v = new SimVenue(market, plain);
    v.submit({ clientOrderId: 'l1', side: 'sell', type: 'limit', qty: '1', price: '102', submittedAt: 0 });
    expect(v.onTrade(t(1, 101.99))).toEqual([]);
    expect(money(v.onTrade(t(2, 102))[0])).toMatchObject({ price: '102', liquidity: 'maker', fee: '0.0204' });
  });

  it('fills a limit that is marketable on arrival as taker at the trade price plus slippage', () => {
    const v = new SimVenue(market, plain);
    v.submit({ clientOrderId: 'l1', side: 'buy', type: 'limit', qty: '1', price: '101', submittedAt: 0 });
    // 100.50 ≤ 101: taker. 100.5 × 1.0002 = 100.5201 → up 100.53 (≤ 101); fee 0.1 % = 0.10053.
    expect(money(v.onTrade(t(1, 100.5))[0])).toEqual({ price: '100.53', qty: '1', notional: '100.53', fee: '0.10053', liquidity: 'taker', slippageBps: 2 });
  });

  it('never fills a marketable limit beyond its limit', () => {
    const v = new SimVenue(market, plain);
    v.submit({ clientOrderId: 'l1', side: 'buy', type: 'limit', qty: '1', price: '100.51', submittedAt: 0 });
    // 100.53 with slippage > 100.51: capped at the limit, still taker.
    expect(money(v.onTrade(t(1, 100.5))[0])).toMatchObject({ price: '100.51', liquidity: 'taker' });
  });

  it('rounds limit prices onto the tick grid never worse than asked: buy down, sell up; qty down to the lot', () => {
    const v = new SimVenue(market, plain);
    const b = v.submit({ clientOrderId: 'b', side: 'buy', type: 'limit', qty: '1.23456', price: '100.019', submittedAt: 0 });
    const s = v.submit({ clientOrderId: 's', side: 'sell', type: 'limit', qty: '1', price: '100.011', submittedAt: 0 });
    expect(b.order.price?.toFixed()).toBe('100.01');
    expect(b.order.qty.toFixed()).toBe('1.234');
    expect(s.order.price?.toFixed()).toBe('100.02');
  });

  it('cancels the unfilled rest of a limit when it expires', () => {
    const v = new SimVenue(market, { ...plain, partialFills: { enabled: true, maxParticipation: 0.5 } });
    v.submit({ clientOrderId: 'l1', side: 'buy', type: 'limit', qty: '3', price: '100', submittedAt: 0, expiresAt: 10_000 });
    v.onTrade(t(1, 101, 2)); // arrives, rests
    // Window volume 2 + 2 = 4; room 0.5 × 4 = 2 → fills 2 of 3 at the limit.
    expect(money(v.onTrade(t(2, 99, 2))[0])).toMatchObject({ price: '100', qty: '2', liquidity: 'maker' });
    expect(v.order('l1')?.status).toBe('partially_filled');
    v.advanceTo(10_000);
    expect(v.order('l1')).toMatchObject({ status: 'canceled', reason: 'expired at 10000' });
    expect(v.order('l1')?.filledQty.toFixed()).toBe('2');
    expect(v.onTrade(t(10_001, 90, 100))).toEqual([]);
  });
});

describe('SimVenue stop orders', () => {
  it('triggers a sell stop on a trade at or below it and fills that trade as a market order with slippage', () => {
    const v = new SimVenue(market, plain, { initialPosition: '1' });
    v.submit({ clientOrderId: 'st', side: 'sell', type: 'stop', qty: '1', price: '95', reduceOnly: true, submittedAt: 0 });
    expect(v.onTrade(t(1, 96))).toEqual([]);
    expect(v.onTrade(t(2, 95.01))).toEqual([]);
    const fills = v.onTrade(t(3, 94.9));
    // 94.90 × 0.9998 = 94.88102 → down 94.88; fee 0.1 % = 0.09488.
    expect(money(fills[0])).toEqual({ price: '94.88', qty: '1', notional: '94.88', fee: '0.09488', liquidity: 'taker', slippageBps: 2 });
    expect(v.order('st')).toMatchObject({ status: 'filled', triggeredAt: 3 });
    expect(v.position().toFixed()).toBe('0');
  });

  it('triggers a buy stop on a trade at or above it', () => {
    const v = new SimVenue(market, plain, { initialPosition: '-1' });
    v.submit({ clientOrderId: 'st', side: 'buy', type: 'stop', qty: '1', price: '105', reduceOnly: true, submittedAt: 0 });
    expect(v.onTrade(t(1, 104.99))).toEqual([]);
    // Exactly at the stop: 105 × 1.0002 = 105.021 → up 105.03.
    expect(money(v.onTrade(t(2, 105))[0])?.price).toBe('105.03');
  });

  it('moves an exchange-held stop by amend once the amend reaches the venue', () => {
    const v = new SimVenue(market, { ...plain, latency: { signalToOrderMs: 30, orderToFillMs: 20 } }, { initialPosition: '1' });
    v.submit({ clientOrderId: 'st', side: 'sell', type: 'stop', qty: '1', price: '95', reduceOnly: true, submittedAt: 0 });
    v.onTrade(t(900, 98));
    // A sell stop rounds up (tighter): 96.995 → 97.00. Effective at 1 000 + 50.
    expect(v.amend('st', { price: '96.995', at: 1_000 })).toEqual({ ok: true, effectiveAt: 1_050 });
    // 96.50 is above the old stop 95 and the new stop is not in force yet: nothing.
    expect(v.onTrade(t(1_020, 96.5))).toEqual([]);
    expect(v.order('st')?.price?.toFixed()).toBe('95');
    expect(v.order('st')?.pendingPrice?.toFixed()).toBe('97');
    // At 1 050 the amend applies before matching: 96.90 ≤ 97 triggers; 96.9 × 0.9998 = 96.88062 → 96.88.
    expect(money(v.onTrade(t(1_050, 96.9))[0])?.price).toBe('96.88');
    expect(v.order('st')).toMatchObject({ triggeredAt: 1_050, status: 'filled', pendingPrice: null });
  });

  it('refuses to amend a triggered stop, a market order or an unknown id', () => {
    const v = new SimVenue(market, { ...plain, partialFills: { enabled: true, maxParticipation: 0.5 } }, { initialPosition: '5' });
    v.submit({ clientOrderId: 'st', side: 'sell', type: 'stop', qty: '5', price: '95', reduceOnly: true, submittedAt: 0 });
    // Triggers; room 0.5 × 2 = 1 → 1 of 5 fills, the rest stays a market order.
    expect(v.onTrade(t(1, 94, 2))).toHaveLength(1);
    expect(v.amend('st', { price: '90' })).toEqual({ ok: false, reason: 'stop st already triggered at 1' });
    v.submit({ clientOrderId: 'm', side: 'buy', type: 'market', qty: '1', submittedAt: 1 });
    expect(v.amend('m', { price: '90' })).toEqual({ ok: false, reason: 'market orders have no price to amend' });
    expect(v.amend('nope', { price: '90' })).toEqual({ ok: false, reason: 'unknown order nope' });
  });

  it('cancels a reduce-only stop that triggers with no position to reduce', () => {
    const v = new SimVenue(market, plain);
    v.submit({ clientOrderId: 'st', side: 'sell', type: 'stop', qty: '1', price: '95', reduceOnly: true, submittedAt: 0 });
    expect(v.onTrade(t(1, 94))).toEqual([]);
    expect(v.order('st')).toMatchObject({ status: 'canceled', reason: 'reduce-only: no long position to reduce' });
  });

  it('fills a reduce-only order only down to flat and cancels the rest', () => {
    const v = new SimVenue(market, plain, { initialPosition: '0.5' });
    v.submit({ clientOrderId: 'c', side: 'sell', type: 'market', qty: '1', reduceOnly: true, submittedAt: 0 });
    expect(money(v.onTrade(t(1, 100))[0])?.qty).toBe('0.5');
    expect(v.order('c')).toMatchObject({ status: 'canceled', reason: 'reduce-only: position closed with 0.5 unfilled' });
    expect(v.position().toFixed()).toBe('0');
  });
});

describe('SimVenue partial fills', () => {
  it('fills at most the participation share of recent volume per trade; the parts sum exactly to the order', () => {
    const v = new SimVenue(market, {
      latency: { signalToOrderMs: 0, orderToFillMs: 0 },
      slippage: { fixedBps: 0, impactBps: 0, maxImpactBps: 0 },
      recentVolumeWindowMs: 10_000,
      partialFills: { enabled: true, maxParticipation: 0.1 },
    });
    v.onTrade(t(0, 99, 10));
    v.submit({ clientOrderId: 'p', side: 'buy', type: 'market', qty: '2.5', submittedAt: 0 });
    const all: SimFill[] = [];
    // t=1000: window (−9000, 1000] volume 10 + 5 = 15; room 0.1 × 15 − 0 = 1.5 → fill 1.5 @ 100.
    all.push(...v.onTrade(t(1_000, 100, 5)));
    expect(v.order('p')?.status).toBe('partially_filled');
    // t=2000: volume 18; room 1.8 − 1.5 = 0.3 → fill 0.3 @ 101.
    all.push(...v.onTrade(t(2_000, 101, 3)));
    // t=3000: volume 18.004; room 1.8004 − 1.8 = 0.0004 → below one lot (0.001): no fill.
    expect(v.onTrade(t(3_000, 102, 0.004))).toEqual([]);
    // t=11000: window (1000, 11000] holds 3 + 0.004 + 2 = 5.004 and our 0.3 (the 1.5 at 1000 has left);
    // room 0.5004 − 0.3 = 0.2004 → 0.2 @ 103.
    all.push(...v.onTrade(t(11_000, 103, 2)));
    // t=12500: window (2500, 12500] holds 0.004 + 2 + 10 = 12.004 and our 0.2; room 1.0004 → the last 0.5 @ 104.
    all.push(...v.onTrade(t(12_500, 104, 10)));
    expect(all.map((f) => [f.fillId, f.qty.toFixed(), f.price.toFixed(), f.remainingQty.toFixed()])).toEqual([
      ['p-f1', '1.5', '100', '1'],
      ['p-f2', '0.3', '101', '0.7'],
      ['p-f3', '0.2', '103', '0.5'],
      ['p-f4', '0.5', '104', '0'],
    ]);
    const o = v.order('p');
    expect(o?.status).toBe('filled');
    expect(o?.filledQty.toFixed()).toBe('2.5');
    // 150 + 30.3 + 20.6 + 52 = 252.9; fees 0.1 % = 0.2529.
    expect(o?.filledNotional.toFixed()).toBe('252.9');
    expect(o?.fees.toFixed()).toBe('0.2529');
    expect(v.onTrade(t(13_000, 104, 100))).toEqual([]);
  });
});

describe('SimVenue rejections', () => {
  it('rejects a duplicate clientOrderId and keeps the first order untouched', () => {
    const v = new SimVenue(market, plain);
    expect(v.submit({ clientOrderId: 'o1', side: 'buy', type: 'market', qty: '1', submittedAt: 0 }).ok).toBe(true);
    const dup = v.submit({ clientOrderId: 'o1', side: 'sell', type: 'market', qty: '5', submittedAt: 0 });
    expect(dup.ok).toBe(false);
    expect(dup).toMatchObject({ duplicate: true, reason: 'duplicate clientOrderId o1: the first order stands (new)' });
    expect(dup.order).toMatchObject({ side: 'buy', status: 'new' });
    expect(v.openOrders()).toHaveLength(1);
    const fills = v.onTrade(t(1, 100));
    expect(fills.map((f) => [f.side, f.qty.toFixed()])).toEqual([['buy', '1']]);
    // Still a duplicate after it filled.
    expect(v.submit({ clientOrderId: 'o1', side: 'buy', type: 'market', qty: '1', submittedAt: 2 }).ok).toBe(false);
    expect(v.onTrade(t(3, 100))).toEqual([]);
  });

  it('rejects an order below the minimum notional, and its id stays taken', () => {
    const v = new SimVenue(market, plain);
    // 100 × 0.04 = 4 < 5.
    const r = v.submit({ clientOrderId: 'small', side: 'buy', type: 'limit', qty: '0.04', price: '100', submittedAt: 0 });
    expect(r).toMatchObject({ ok: false, duplicate: false, reason: 'notional 4 below the market minimum 5' });
    expect(v.order('small')).toMatchObject({ status: 'rejected', reason: 'notional 4 below the market minimum 5' });
    expect(v.submit({ clientOrderId: 'small', side: 'buy', type: 'limit', qty: '1', price: '100', submittedAt: 0 })).toMatchObject({ ok: false, duplicate: true });
    expect(v.openOrders()).toEqual([]);
  });

  it('checks a market order against the last trade, or against its first trade when none was seen', () => {
    const fresh = new SimVenue(market, plain);
    expect(fresh.submit({ clientOrderId: 'm', side: 'buy', type: 'market', qty: '0.01', submittedAt: 0 }).ok).toBe(true);
    // 100 × 0.01 = 1 < 5: rejected on arrival, no fill.
    expect(fresh.onTrade(t(1, 100))).toEqual([]);
    expect(fresh.order('m')).toMatchObject({ status: 'rejected', reason: 'notional 1 below the market minimum 5 at the first trade price 100' });

    const seen = new SimVenue(market, plain);
    seen.onTrade(t(0, 100));
    expect(seen.submit({ clientOrderId: 'm', side: 'buy', type: 'market', qty: '0.01', submittedAt: 0 })).toMatchObject({
      ok: false,
      reason: 'notional 1 below the market minimum 5 at the last trade price 100',
    });
  });

  it('exempts reduce-only orders from the minimum notional (Binance USDⓈ-M -4164)', () => {
    const v = new SimVenue(market, plain, { initialPosition: '0.01' });
    v.onTrade(t(0, 100));
    expect(v.submit({ clientOrderId: 'c', side: 'sell', type: 'market', qty: '0.01', reduceOnly: true, submittedAt: 0 }).ok).toBe(true);
    expect(money(v.onTrade(t(1, 100))[0])?.qty).toBe('0.01');
  });

  it('rejects malformed orders with a reason', () => {
    const v = new SimVenue(market, plain);
    const reason = (r: ReturnType<SimVenue['submit']>) => (r.ok ? null : r.reason);
    expect(reason(v.submit({ clientOrderId: 'a', side: 'buy', type: 'market', qty: '0.0004', submittedAt: 0 }))).toBe('qty 0.0004 rounds to 0 at amount precision 3');
    expect(reason(v.submit({ clientOrderId: 'b', side: 'buy', type: 'limit', qty: '1', submittedAt: 0 }))).toBe('limit order needs a price');
    expect(reason(v.submit({ clientOrderId: 'c', side: 'buy', type: 'market', qty: '1', price: '1', submittedAt: 0 }))).toBe('market orders take no price');
    expect(reason(v.submit({ clientOrderId: 'd', side: 'buy', type: 'market', qty: '1e3', submittedAt: 0 }))).toBe('qty "1e3" is not a decimal string');
    expect(reason(v.submit({ clientOrderId: 'e', side: 'buy', type: 'stop', qty: '1', price: '100', submittedAt: 5, expiresAt: 5 }))).toBe('expiresAt 5 is not after submittedAt 5');
  });
});

describe('SimVenue cancel', () => {
  it('cancels a resting order once the cancel reaches the venue', () => {
    const v = new SimVenue(market, { ...plain, latency: { signalToOrderMs: 30, orderToFillMs: 20 } });
    v.submit({ clientOrderId: 'l', side: 'buy', type: 'limit', qty: '1', price: '100', submittedAt: 0 });
    v.onTrade(t(100, 101));
    expect(v.cancel('l', 1_000)).toEqual({ ok: true, effectiveAt: 1_050 });
    expect(v.order('l')).toMatchObject({ status: 'new', pendingCancel: true });
    // At 1 050 the cancel applies before the crossing trade matches.
    expect(v.onTrade(t(1_050, 99))).toEqual([]);
    expect(v.order('l')).toMatchObject({ status: 'canceled', reason: 'canceled by client', pendingCancel: false });
    expect(v.openOrders()).toEqual([]);
    expect(v.cancel('l')).toEqual({ ok: false, reason: 'order l is canceled' });
    expect(v.cancel('x')).toEqual({ ok: false, reason: 'unknown order x' });
  });

  it('still fills an order on a trade that prints while its cancel is in flight', () => {
    const v = new SimVenue(market, { ...plain, latency: { signalToOrderMs: 30, orderToFillMs: 20 } });
    v.submit({ clientOrderId: 'l', side: 'buy', type: 'limit', qty: '1', price: '100', submittedAt: 0 });
    v.onTrade(t(100, 101));
    v.cancel('l', 1_000);
    expect(money(v.onTrade(t(1_049, 99))[0])).toMatchObject({ price: '100', liquidity: 'maker' });
    expect(v.order('l')?.status).toBe('filled');
  });

  it('applies a due cancel on advanceTo without a trade; the default request time is the venue clock', () => {
    const v = new SimVenue(market, { ...plain, latency: { signalToOrderMs: 10, orderToFillMs: 0 } });
    v.submit({ clientOrderId: 'l', side: 'buy', type: 'limit', qty: '1', price: '100', submittedAt: 500 });
    expect(v.cancel('l')).toEqual({ ok: true, effectiveAt: 510 });
    v.advanceTo(509);
    expect(v.order('l')?.status).toBe('new');
    v.advanceTo(510);
    expect(v.order('l')?.status).toBe('canceled');
  });
});

describe('SimVenue fees', () => {
  const fine: MarketSpec = { ...market, pricePrecision: 6, amountPrecision: 0, minNotional: '0' };
  const noSlip: SimVenueModelInput = { ...plain, slippage: { fixedBps: 0, impactBps: 0, maxImpactBps: 0 } };

  it('charges 0.1 % of a 123.456789 notional as exactly 0.123456789, unrounded', () => {
    const v = new SimVenue(fine, noSlip);
    v.submit({ clientOrderId: 'f', side: 'buy', type: 'market', qty: '1', submittedAt: 0 });
    expect(money(v.onTrade(t(1, 123.456789))[0])).toMatchObject({ notional: '123.456789', fee: '0.123456789' });
  });

  it('takes fee overrides from the model, a negative maker fee being a rebate', () => {
    const v = new SimVenue(fine, { ...noSlip, fees: { maker: '-0.0001' } });
    v.submit({ clientOrderId: 'f', side: 'sell', type: 'limit', qty: '1', price: '123.456789', submittedAt: 0 });
    v.onTrade(t(1, 123));
    // Maker at 123.456789; fee −0.01 % = −0.0123456789.
    expect(money(v.onTrade(t(2, 124))[0])).toMatchObject({ price: '123.456789', fee: '-0.0123456789', liquidity: 'maker' });
  });
});

describe('SimVenue determinism', () => {
  function run(shiftMs: number): string {
    const v = new SimVenue(market, { partialFills: { enabled: true, maxParticipation: 0.2 } }, { initialPosition: '0' });
    const out: unknown[] = [];
    let k = 0;
    for (let i = 0; i < 2_000; i++) {
      const ts = shiftMs + 1_700_000_000_000 + i * 137;
      // Deterministic zig-zag tape: no randomness.
      const price = 100 + ((i * 7919) % 200) / 100 - 1;
      const amount = 0.001 + ((i * 104_729) % 1_000) / 1_000;
      if (i % 250 === 0) {
        k += 1;
        v.submit({ clientOrderId: `m${k}`, side: k % 2 ? 'buy' : 'sell', type: 'market', qty: '3.7', submittedAt: ts });
        v.submit({ clientOrderId: `l${k}`, side: k % 2 ? 'sell' : 'buy', type: 'limit', qty: '1.25', price: String(price), submittedAt: ts });
      }
      for (const f of v.onTrade({ id: `x${i}`, ts, price, amount, side: 'buy', sideInferred: false })) {
        out.push({ ...f, ts: f.ts - shiftMs, price: f.price.toFixed(), qty: f.qty.toFixed(), notional: f.notional.toFixed(), fee: f.fee.toFixed(), referencePrice: f.referencePrice.toFixed(), remainingQty: f.remainingQty.toFixed() });
      }
    }
    return JSON.stringify(out);
  }

  it('gives byte-identical fills on a rerun and when every timestamp moves by a day', () => {
    const a = run(0);
    expect(JSON.parse(a).length).toBeGreaterThan(16);
    expect(run(0)).toBe(a);
    expect(run(86_400_000)).toBe(a);
  });
});
