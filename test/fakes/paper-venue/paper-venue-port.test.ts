import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { type MarketSpec, ManualClock, type Trade, type VenueFill } from '@cascade/core';
import { PaperVenuePort } from './paper-venue-port.js';

const PERP: MarketSpec = { exchange: 'paper', marketType: 'perp', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', pricePrecision: 1, amountPrecision: 3, takerFee: '0.0004', makerFee: '0.0002', minNotional: '5' };
const SPOT: MarketSpec = { exchange: 'paper', marketType: 'spot', symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', pricePrecision: 2, amountPrecision: 4, takerFee: '0.001', makerFee: '0.001', minNotional: '5' };
/** No latency, 2 bps fixed slippage, no size impact: every fill price below is worked by hand. */
const MODEL = { latency: { signalToOrderMs: 0, orderToFillMs: 0 }, slippage: { fixedBps: 2, impactBps: 0 } };

let tradeSeq = 0;
const t = (ts: number, price: number, amount = 1): Trade => ({ id: `t${++tradeSeq}`, ts, price, amount, side: 'buy', sideInferred: false });

function venue(clock = new ManualClock(1_000)) {
  const v = new PaperVenuePort({ clock, markets: [PERP, SPOT], balance: { currency: 'USDT', amount: '10000' }, model: MODEL });
  return { v, clock };
}

describe('PaperVenuePort account (perp)', () => {
  it('opens, reduces and flips a position with exact wallet, margin and P&L', async () => {
    const { v, clock } = venue();
    await v.setLeverage(PERP.symbol, 5);
    const seen: VenueFill[] = [];
    v.watchFills((f) => seen.push(f));

    await v.createOrder({ clientOrderId: 'o1', symbol: PERP.symbol, side: 'buy', type: 'market', amount: '0.1' });
    v.trade(PERP.symbol, t(1_000, 50_000));
    // 50000 × (1 + 0.0002) = 50010 (on the 0.1 tick). Notional 5001, fee 5001 × 0.0004 = 2.0004.
    // Wallet 10000 − 2.0004 = 9997.9996; margin 5001 / 5 = 1000.2; free 8997.7996.
    expect(await v.fetchOrderByClientId(PERP.symbol, 'o1')).toMatchObject({ status: 'closed', filled: '0.1', average: '50010', fee: { cost: '2.0004', currency: 'USDT' } });
    expect(await v.fetchBalance()).toEqual({ currency: 'USDT', total: '9997.9996', used: '1000.2', free: '8997.7996' });
    v.trade(PERP.symbol, t(1_500, 50_500));
    // Unrealised (50500 − 50010) × 0.1 = 49.
    expect(await v.fetchPositions()).toEqual([{ symbol: PERP.symbol, side: 'long', amount: '0.1', entryPrice: '50010', leverage: 5, marginMode: 'cross', unrealizedPnl: '49' }]);

    clock.set(2_000);
    await v.createOrder({ clientOrderId: 'o2', symbol: PERP.symbol, side: 'sell', type: 'market', amount: '0.04', reduceOnly: true });
    v.trade(PERP.symbol, t(2_000, 50_500));
    // 50500 × 0.9998 = 50489.9. Realised (50489.9 − 50010) × 0.04 = 19.196; fee 2019.596 × 0.0004 = 0.8078384.
    // Wallet 9997.9996 + 19.196 − 0.8078384 = 10016.3877616; margin 0.06 × 50010 / 5 = 600.12.
    expect(await v.fetchBalance()).toEqual({ currency: 'USDT', total: '10016.3877616', used: '600.12', free: '9416.2677616' });

    clock.set(3_000);
    await v.createOrder({ clientOrderId: 'o3', symbol: PERP.symbol, side: 'sell', type: 'market', amount: '0.1' });
    v.trade(PERP.symbol, t(3_000, 49_000));
    // 49000 × 0.9998 = 48990.2. Closes 0.06: (48990.2 − 50010) × 0.06 = −61.188; opens 0.04 short.
    // Fee 4899.02 × 0.0004 = 1.959608. Wallet 10016.3877616 − 61.188 − 1.959608 = 9953.2401536.
    // Margin 0.04 × 48990.2 / 5 = 391.9216.
    expect(await v.fetchBalance()).toEqual({ currency: 'USDT', total: '9953.2401536', used: '391.9216', free: '9561.3185536' });
    expect((await v.fetchPositions())[0]).toMatchObject({ side: 'short', amount: '0.04', entryPrice: '48990.2', unrealizedPnl: '-0.392' });
    // (48990.2 − 49000) × 0.04 = −0.392 against the last trade 49000.
    expect(seen.map((f) => [f.clientOrderId, f.side, f.price, f.amount])).toEqual([
      ['o1', 'buy', '50010', '0.1'],
      ['o2', 'sell', '50489.9', '0.04'],
      ['o3', 'sell', '48990.2', '0.1'],
    ]);
    expect(v.fillsSince(PERP.symbol, 2_000).map((f) => f.clientOrderId)).toEqual(['o2', 'o3']);
    expect(v.orderCount()).toBe(3);
  });

  it('keeps a resting reduce-only stop until it triggers or is cancelled', async () => {
    const { v, clock } = venue();
    await v.createOrder({ clientOrderId: 'e', symbol: PERP.symbol, side: 'buy', type: 'market', amount: '0.01' });
    v.trade(PERP.symbol, t(1_000, 50_000));
    await v.createOrder({ clientOrderId: 's', symbol: PERP.symbol, side: 'sell', type: 'stop', amount: '0.01', stopPrice: '49750', reduceOnly: true });
    expect((await v.fetchOpenOrders()).map((o) => [o.clientOrderId, o.stopPrice, o.reduceOnly])).toEqual([['s', '49750', true]]);
    clock.set(1_100);
    await v.cancelOrder(PERP.symbol, 's');
    expect(await v.fetchOpenOrders()).toEqual([]);
    expect((await v.fetchOrderByClientId(PERP.symbol, 's'))?.status).toBe('canceled');
    await expect(v.cancelOrder(PERP.symbol, 's')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });
});

describe('PaperVenuePort as an idempotent venue', () => {
  it('refuses a second order under a client order id: one order stands', async () => {
    const { v } = venue();
    await v.createOrder({ clientOrderId: 'dup', symbol: PERP.symbol, side: 'buy', type: 'market', amount: '0.01' });
    await expect(v.createOrder({ clientOrderId: 'dup', symbol: PERP.symbol, side: 'buy', type: 'market', amount: '0.01' })).rejects.toBeInstanceOf(ccxt.DuplicateOrderId);
    expect(v.orderCount()).toBe(1);
    expect(v.createOrderCalls).toBe(2);
  });

  it('a reply lost after acceptance leaves the order on the venue; a failure before it leaves none', async () => {
    const { v } = venue();
    v.injectFault({ at: 'after_accept', error: new ccxt.RequestTimeout('timed out') });
    await expect(v.createOrder({ clientOrderId: 'lost-reply', symbol: PERP.symbol, side: 'buy', type: 'market', amount: '0.01' })).rejects.toBeInstanceOf(ccxt.RequestTimeout);
    expect((await v.fetchOrderByClientId(PERP.symbol, 'lost-reply'))?.status).toBe('open');
    v.injectFault({ at: 'before_accept', error: new ccxt.NetworkError('ECONNRESET') });
    await expect(v.createOrder({ clientOrderId: 'never-sent', symbol: PERP.symbol, side: 'buy', type: 'market', amount: '0.01' })).rejects.toBeInstanceOf(ccxt.NetworkError);
    expect(await v.fetchOrderByClientId(PERP.symbol, 'never-sent')).toBeNull();
    expect(v.orderCount()).toBe(1);
  });

  it('refuses an order the account cannot pay for, as InsufficientFunds, without creating it', async () => {
    const { v } = venue();
    v.trade(PERP.symbol, t(900, 50_000));
    // 1 BTC at 50000, leverage 1: needs 50000 + 20 fee, free 10000.
    await expect(v.createOrder({ clientOrderId: 'big', symbol: PERP.symbol, side: 'buy', type: 'market', amount: '1' })).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
    expect(await v.fetchOrderByClientId(PERP.symbol, 'big')).toBeNull();
  });

  it('lets the market answer an order before createOrder returns (onAccepted)', async () => {
    const { v, clock } = venue();
    v.onAccepted((o) => v.trade(o.symbol, t(clock.now(), 50_000)));
    const o = await v.createOrder({ clientOrderId: 'now', symbol: PERP.symbol, side: 'buy', type: 'market', amount: '0.01' });
    expect(o).toMatchObject({ status: 'closed', filled: '0.01', average: '50010' });
  });
});

describe('PaperVenuePort account (spot)', () => {
  it('moves notional between quote and base and refuses selling base it does not hold', async () => {
    const { v } = venue();
    await v.createOrder({ clientOrderId: 'b', symbol: SPOT.symbol, side: 'buy', type: 'market', amount: '1.5' });
    v.trade(SPOT.symbol, t(1_000, 2_000));
    // 2000 × 1.0002 = 2000.4; notional 3000.6, fee 3.0006: wallet 10000 − 3003.6006 = 6996.3994.
    expect(await v.fetchBalance()).toEqual({ currency: 'USDT', total: '6996.3994', used: '0', free: '6996.3994' });
    expect((await v.fetchPositions([SPOT.symbol]))[0]).toMatchObject({ side: 'long', amount: '1.5', entryPrice: '2000.4', leverage: null });
    await expect(v.createOrder({ clientOrderId: 'x', symbol: SPOT.symbol, side: 'sell', type: 'market', amount: '2' })).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
    await expect(v.setLeverage(SPOT.symbol, 3)).rejects.toBeInstanceOf(ccxt.NotSupported);
  });
});
