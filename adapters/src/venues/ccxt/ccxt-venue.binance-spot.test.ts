import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VenueFill } from '@cascade/core';
import { ProtectionStatus, ProtectiveStopManager, StopMode } from './protective-stop.js';
import { binanceVenue, realSleeper } from '../../../../test/fakes/ccxt/venue-harness.js';
import { type FakeBinance, startFakeBinance } from '../../../../test/fakes/binance/index.js';

// The real ccxt binance client against the local fake of Binance's spot REST API.
describe('CcxtVenue · Binance spot (real ccxt client, local fake)', () => {
  let fake: FakeBinance;
  beforeEach(async () => {
    fake = await startFakeBinance({ spotBalances: { USDT: '10000' } });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('loads the market spec from exchangeInfo: tick 0.10 → 1 decimal, step 0.001 → 3, min notional 5', async () => {
    const { venue } = await binanceVenue(fake, 'spot');
    const spec = await venue.market('BTC/USDT');
    expect(spec).toMatchObject({ exchange: 'binance', marketType: 'spot', symbol: 'BTC/USDT', pricePrecision: 1, amountPrecision: 3, minNotional: '5' });
    expect(fake.unhandled).toEqual([]);
  });

  it('places a market order under our client id and finds it again by that id after a crash', async () => {
    const { venue } = await binanceVenue(fake, 'spot');
    const placed = await venue.createOrder({ clientOrderId: 'cx-00112233445566778899', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.010' });
    expect(placed).toMatchObject({ clientOrderId: 'cx-00112233445566778899', status: 'closed', amount: '0.010', filled: '0.010', average: '60000' });
    const sent = fake.requests.find((r) => r.method === 'POST' && r.path === '/api/v3/order');
    expect(sent?.params).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: 'cx-00112233445566778899' });

    // A new process: fresh ccxt client, fresh adapter, nothing in memory.
    const { venue: after } = await binanceVenue(fake, 'spot');
    const found = await after.fetchOrderByClientId('BTC/USDT', 'cx-00112233445566778899');
    expect(found).toMatchObject({ id: placed.id, clientOrderId: 'cx-00112233445566778899', status: 'closed', filled: '0.010' });
    expect(await after.fetchOrderByClientId('BTC/USDT', 'cx-ffffffffffffffffffff')).toBeNull();
    expect(fake.orders('spot')).toHaveLength(1);
  });

  it('treats Binance\'s duplicate-client-id rejection (-2010 "Duplicate order sent.") as already placed', async () => {
    const h = await binanceVenue(fake, 'spot');
    const req = { clientOrderId: 'cx-aaaaaaaaaaaaaaaaaaaa', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.010', price: '59000.0' } as const;
    const first = await h.venue.createOrder(req);
    const again = await h.venue.createOrder(req);
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('open');
    expect(fake.orders('spot').filter((o) => o.clientOrderId === req.clientOrderId)).toHaveLength(1);
    expect(h.events).toContainEqual({ type: 'recovered_order', clientOrderId: req.clientOrderId, via: 'duplicate_rejection' });
  });

  it('lists open orders (limit and sell-stop) and cancels by client id, idempotently', async () => {
    const { venue } = await binanceVenue(fake, 'spot');
    await venue.createOrder({ clientOrderId: 'cx-bbbbbbbbbbbbbbbbbbbb', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.020' });
    await venue.createOrder({ clientOrderId: 'cx-cccccccccccccccccccc', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.010', price: '58000.0' });
    await venue.createOrder({ clientOrderId: 'cs-dddddddddddddddddddd', symbol: 'BTC/USDT', side: 'sell', type: 'stop', amount: '0.010', stopPrice: '59000.0' });
    const open = await venue.fetchOpenOrders('BTC/USDT');
    expect(open.map((o) => [o.clientOrderId, o.status, o.stopPrice]).sort()).toEqual([
      ['cs-dddddddddddddddddddd', 'open', '59000'],
      ['cx-cccccccccccccccccccc', 'open', null],
    ]);
    expect(fake.requests.find((r) => r.params.newClientOrderId === 'cs-dddddddddddddddddddd')?.params).toMatchObject({ type: 'STOP_LOSS', stopPrice: '59000', side: 'SELL' });

    await venue.cancelOrder('BTC/USDT', 'cx-cccccccccccccccccccc');
    await venue.cancelOrder('BTC/USDT', 'cx-cccccccccccccccccccc'); // already cancelled: nothing to do
    await venue.cancelOrder('BTC/USDT', 'cx-eeeeeeeeeeeeeeeeeeee'); // never placed: nothing to do
    expect((await venue.fetchOpenOrders('BTC/USDT')).map((o) => o.clientOrderId)).toEqual(['cs-dddddddddddddddddddd']);
    expect(fake.orders('spot').find((o) => o.clientOrderId === 'cx-cccccccccccccccccccc')?.status).toBe('CANCELED');
  });

  it('reports the USDT balance exactly: 10,000 − 0.010 × 60,000 = 9,400 free, then 58,000 × 0.010 = 580 locked', async () => {
    const { venue } = await binanceVenue(fake, 'spot');
    await venue.createOrder({ clientOrderId: 'cx-1111111111aaaaaaaaaa', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.010' });
    expect(await venue.fetchBalance()).toEqual({ currency: 'USDT', total: '9400', free: '9400', used: '0' });
    await venue.createOrder({ clientOrderId: 'cx-2222222222aaaaaaaaaa', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.010', price: '58000.0' });
    expect(await venue.fetchBalance()).toEqual({ currency: 'USDT', total: '9400', free: '8820', used: '580' });
    expect(await venue.fetchPositions()).toEqual([]);
  });

  it('spot protective stop: none unless opted in (recorded "unsupported"); opted in, a sell-stop moved cancel-first', async () => {
    const h = await binanceVenue(fake, 'spot');
    await h.venue.createOrder({ clientOrderId: 'cx-5555555555aaaaaaaaaa', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.010' });
    const pos = { positionId: 'pos-s', symbol: 'BTC/USDT', side: 'long', amount: '0.009' } as const;

    const before = fake.requests.length;
    const none = new ProtectiveStopManager({ venue: h.venue, clock: h.clock });
    expect(await none.update(pos, 59_700, 60_000)).toMatchObject({ status: ProtectionStatus.Unsupported, mode: StopMode.None });
    expect(fake.requests.length).toBe(before);

    const mgr = new ProtectiveStopManager({ venue: h.venue, clock: h.clock, mode: StopMode.SellStop });
    expect(await mgr.update(pos, 59_700, 60_000)).toMatchObject({ status: ProtectionStatus.Resting, stopPrice: '59700.0' });
    // bought 0.010 less 0.00001 commission = 0.00999 BTC; 0.009 of it is locked by the stop
    expect(fake.spotBalance('BTC')).toEqual({ free: '0.00099', locked: '0.009' });
    h.clock.advance(5_000);
    fake.setPrice('BTCUSDT', '60500');
    expect(await mgr.update(pos, 60_197.5, 60_500)).toMatchObject({ status: ProtectionStatus.Resting, stopPrice: '60197.5' });
    const stops = fake.orders('spot').filter((o) => o.type === 'STOP_LOSS');
    expect(stops.map((o) => o.status)).toEqual(['CANCELED', 'NEW']);
    const moveCalls = fake.requests.slice(-2).map((r) => `${r.method} ${r.path}`);
    expect(moveCalls).toEqual(['DELETE /api/v3/order', 'POST /api/v3/order']);
    expect(await mgr.update({ ...pos, positionId: 'pos-t', side: 'short' }, 61_000, 60_500)).toMatchObject({ status: ProtectionStatus.Unsupported });
  });

  it('delivers fills by REST polling (spot fills are polled: see the profile), each trade once', async () => {
    const h = await binanceVenue(fake, 'spot', { pro: true, extra: { pollSleeper: realSleeper, fills: { pollIntervalMs: 20, websocketRetryMs: 3_600_000 } } });
    const fills: VenueFill[] = [];
    const errors: unknown[] = [];
    await h.venue.createOrder({ clientOrderId: 'cx-3333333333aaaaaaaaaa', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.010' });
    const stop = h.venue.watchFills((f) => fills.push(f), (e) => errors.push(e));
    await until(() => fills.length >= 1);
    fake.setPrice('BTCUSDT', '61000');
    await h.venue.createOrder({ clientOrderId: 'cx-4444444444aaaaaaaaaa', symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: '0.005' });
    await until(() => fills.length >= 2);
    await stop();
    expect(errors).toEqual([]);
    expect(h.events.filter((e) => e.type === 'fills_mode')).toEqual([{ type: 'fills_mode', mode: 'polling' }]);
    // buy 0.010 @ 60,000, commission 0.1 % of 0.010 BTC = 0.00001 BTC; sell 0.005 @ 61,000 = 305 USDT, 0.1 % = 0.305 USDT
    expect(fills.map((f) => [f.clientOrderId, f.side, f.price, f.amount, f.fee])).toEqual([
      ['cx-3333333333aaaaaaaaaa', 'buy', '60000', '0.010', { cost: '0.00001', currency: 'BTC' }],
      ['cx-4444444444aaaaaaaaaa', 'sell', '61000', '0.005', { cost: '0.305', currency: 'USDT' }],
    ]);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(2);
  });
});

async function until(cond: () => boolean, tries = 500): Promise<void> {
  for (let i = 0; i < tries && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('condition not met');
}
